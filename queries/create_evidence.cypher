// params: $rows: [{source, target, origin, props: {source, since, contacts, sent, received, meetings, last_contact, _import}}] with source < target
// A staged import's evidence that no relationship holds yet (neo4j_import.py knows):
// CREATE where upsert_evidence MERGEs; both ends found through the person_id index.
UNWIND $rows AS row
MATCH (a:Person {id: row.source})
MATCH (b:Person {id: row.target})
CREATE (a)-[e:EVIDENCE {origin: row.origin}]->(b)
SET e += row.props
