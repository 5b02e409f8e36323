// params: $rows: [{source, target, origin, props: {source, since, contacts, sent, received, meetings, last_contact}}] with source < target
// A tie's evidence, one EVIDENCE relationship per origin, from the lower id to the higher;
// props.source names the side whose messages `sent` and `received` count (either end).
UNWIND $rows AS row
MATCH (a:Person {id: row.source}), (b:Person {id: row.target})
MERGE (a)-[e:EVIDENCE {origin: row.origin}]->(b)
SET e += row.props, e._written = timestamp()  // merge_import_duplicates finds it
