// params: $customer_id: string
MATCH (p:Person {customer_id: $customer_id})
RETURN p {.*} AS props
ORDER BY p.id
