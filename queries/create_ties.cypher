// params: $rows: [{source, target, props: {strength, last_contact, context, _import}}] with source < target
// A staged import's ties that no relationship holds yet (neo4j_import.py knows): CREATE
// where upsert_ties MERGEs; both ends found through the person_id constraint's index.
// The properties are named (those of tie_row), not set from the map: `SET k = row.props`
// after a CREATE makes the planner hold every row back (Eager), a sixth more server time.
UNWIND $rows AS row
MATCH (a:Person {id: row.source})
MATCH (b:Person {id: row.target})
CREATE (a)-[:KNOWS {
  strength: row.props.strength,
  last_contact: row.props.last_contact,
  context: row.props.context,
  _import: row.props._import
}]->(b)
