// params: $customer_id: string or null
CALL () { OPTIONAL MATCH (b:ImportBatch) RETURN collect(b.id) AS pending }
MATCH (c:Customer)-[h:HAS_NEED]->(n:Need)
WHERE ($customer_id IS NULL OR c.id = $customer_id) AND NOT coalesce(c._import, '') IN pending AND NOT coalesce(h._import, '') IN pending AND NOT coalesce(n._import, '') IN pending
RETURN h {.*} AS props
ORDER BY c.id, n.id
