// params: $customer_id: string
CALL () { OPTIONAL MATCH (b:ImportBatch) RETURN collect(b.id) AS pending }
MATCH (p:Person {customer_id: $customer_id})
WHERE NOT coalesce(p._import, '') IN pending
RETURN p {.*} AS props
ORDER BY p.id
