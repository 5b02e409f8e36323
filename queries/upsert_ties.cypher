// params: $rows: [{source, target, props: {strength, last_contact, context}}] with source < target
// `_written`: when (server clock, ms), so that a staged import running meanwhile, which
// CREATEs ties it judged new, merges a duplicate this made (merge_import_duplicates).
UNWIND $rows AS row
MATCH (a:Person {id: row.source}), (b:Person {id: row.target})
OPTIONAL MATCH (b)-[reversed:KNOWS]->(a)
DELETE reversed
MERGE (a)-[k:KNOWS]->(b)
SET k = row.props, k._written = timestamp()
