// params: $rows: [{source, target, props: {strength, last_contact, context}}] with source < target
UNWIND $rows AS row
MATCH (a:Person {id: row.source}), (b:Person {id: row.target})
OPTIONAL MATCH (b)-[reversed:KNOWS]->(a)
DELETE reversed
MERGE (a)-[k:KNOWS]->(b)
SET k = row.props
