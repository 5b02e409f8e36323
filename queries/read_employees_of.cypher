// params: $customer_ids: list of strings
CALL () { OPTIONAL MATCH (b:ImportBatch) RETURN collect(b.id) AS pending }
UNWIND $customer_ids AS customer_id
MATCH (p:Person {customer_id: customer_id})
WHERE NOT coalesce(p._import, '') IN pending
RETURN customer_id, p {.*} AS props
ORDER BY customer_id, p.id
