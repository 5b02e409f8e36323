// params: $rows: [{props: {id, name, customer_id, title, roles, is_salesperson, email, search, search_form, _import}}]
// A staged import's people that no node has yet (neo4j_import.py knows): CREATE where
// upsert_people MERGEs, with the same labels and relationships; each end found
// through its uniqueness constraint's index.
UNWIND $rows AS row
CREATE (p:Person)
SET p = row.props
FOREACH (_ IN CASE WHEN row.props.is_salesperson THEN [1] ELSE [] END | SET p:Salesperson)
WITH p, row
CALL (p, row) {
  MATCH (c:Customer {id: row.props.customer_id})
  CREATE (p)-[:WORKS_AT {title: row.props.title}]->(c)
}
CALL (p, row) {
  UNWIND row.props.roles AS role_id
  WITH DISTINCT role_id
  MATCH (r:Role {id: role_id})
  CREATE (p)-[:HOLDS]->(r)
}
