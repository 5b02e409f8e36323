// params: $customer_ids: list of strings, $limit: integer
// Up to $limit people working at the given customers (the index on customer_id).
CALL () { OPTIONAL MATCH (b:ImportBatch) RETURN collect(b.id) AS pending }
UNWIND $customer_ids AS customer_id
MATCH (p:Person {customer_id: customer_id})
WHERE NOT coalesce(p._import, '') IN pending
WITH p ORDER BY p.customer_id, p.id LIMIT $limit
RETURN p {.*} AS props
