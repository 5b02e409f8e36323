// params: $customer_id: string or null
MATCH (c:Customer)-[h:HAS_NEED]->(n:Need)
WHERE $customer_id IS NULL OR c.id = $customer_id
RETURN h {.*} AS props
ORDER BY c.id, n.id
