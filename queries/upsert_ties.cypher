// params: $rows: [{source, target, props: {strength, last_contact, context}}] with source < target
// `_written`: when (server clock, ms), so that a staged import running meanwhile, which
// CREATEs ties it judged new, merges a duplicate this made (merge_import_duplicates).
UNWIND $rows AS row
MATCH (a:Person {id: row.source}), (b:Person {id: row.target})
OPTIONAL MATCH (b)-[reversed:KNOWS]->(a)
DELETE reversed
MERGE (a)-[k:KNOWS]->(b)
// `+=` (every key is given; a null removes one) keeps an import's `_import` on its copy:
// while both copies exist the MERGE sets both, and merge_import_duplicates must know which
// is the import's.
SET k += row.props, k._written = timestamp()
