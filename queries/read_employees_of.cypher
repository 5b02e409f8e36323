// params: $customer_ids: list of strings
UNWIND $customer_ids AS customer_id
MATCH (p:Person {customer_id: customer_id})
RETURN customer_id, p {.*} AS props
ORDER BY customer_id, p.id
