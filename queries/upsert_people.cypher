// params: $rows: [{props: {id, name, customer_id, title, roles, is_salesperson, email}}]
UNWIND $rows AS row
MERGE (p:Person {id: row.props.id})
SET p = row.props
REMOVE p:Salesperson
FOREACH (_ IN CASE WHEN row.props.is_salesperson THEN [1] ELSE [] END | SET p:Salesperson)
WITH p, row
OPTIONAL MATCH (p)-[old:WORKS_AT|HOLDS]->()
DELETE old
WITH DISTINCT p, row
CALL (p, row) {
  MATCH (c:Customer {id: row.props.customer_id})
  MERGE (p)-[w:WORKS_AT]->(c)
  SET w.title = row.props.title
}
CALL (p, row) {
  UNWIND row.props.roles AS role_id
  MATCH (r:Role {id: role_id})
  MERGE (p)-[:HOLDS]->(r)
}
