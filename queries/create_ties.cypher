// params: $rows: [{source, target, props: {strength, last_contact, context, _import}}] with source < target
// A staged import's ties that no relationship holds yet (neo4j_import.py knows): CREATE
// where upsert_ties MERGEs; both ends found through the person_id constraint's index.
UNWIND $rows AS row
MATCH (a:Person {id: row.source})
MATCH (b:Person {id: row.target})
CREATE (a)-[k:KNOWS]->(b)
SET k = row.props
