// params: $customer_ids: list of strings, $limit: integer
// Up to $limit people working at the given customers (the index on customer_id).
UNWIND $customer_ids AS customer_id
MATCH (p:Person {customer_id: customer_id})
WITH p ORDER BY p.customer_id, p.id LIMIT $limit
RETURN p {.*} AS props
