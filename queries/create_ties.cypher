// params: $rows: [[source, target, strength, last_contact, context, _import]] with source < target
// A staged import's ties that no relationship holds yet (neo4j_import.py knows): CREATE
// where upsert_ties MERGEs; both ends found through the person_id constraint's index.
// Each row a list, not a map: the driver packs and the server unpacks no key names, half
// the client's time per tie. The properties are named (those of tie_row): `SET k = map`
// after a CREATE makes the planner hold every row back (Eager), a sixth more server time.
UNWIND $rows AS row
MATCH (a:Person {id: row[0]})
MATCH (b:Person {id: row[1]})
CREATE (a)-[:KNOWS {
  strength: row[2],
  last_contact: row[3],
  context: row[4],
  _import: row[5]
}]->(b)
