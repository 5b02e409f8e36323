// params: $customer_ids: list of strings, $with_roles: boolean
// One record a customer (each a round of the driver's decoding, costly by the
// thousand), its people ordered by id (with $with_roles, only those holding a role),
// without the folded search text nobody reads.
CALL () { OPTIONAL MATCH (b:ImportBatch) RETURN collect(b.id) AS pending }
UNWIND $customer_ids AS customer_id
CALL (customer_id, pending) {
  MATCH (p:Person {customer_id: customer_id})
  WHERE NOT coalesce(p._import, '') IN pending
    AND (NOT $with_roles OR size(coalesce(p.roles, [])) > 0)
  WITH p ORDER BY p.id
  RETURN collect(p {.*, search: null, search_form: null}) AS people
}
RETURN customer_id, people
