// params: $rows: [{person_id, origin, company, company_key, customer_id, title, ref, since, until, _import}]
// A staged import's employments that no node holds yet (neo4j_import.py knows): CREATE
// where upsert_employments MERGEs; the person found through the person_id index.
UNWIND $rows AS row
MATCH (p:Person {id: row.person_id})
CREATE (p)-[:EMPLOYED]->(e:Employment)
SET e = row
