// params: $rows: [{id, contact_id, customer_id, need_id, kind, quality, recorded_on, details_json}]
UNWIND $rows AS row
MERGE (o:Opportunity {id: row.id})
SET o = row
WITH o, row
OPTIONAL MATCH (o)-[old:FOR|ABOUT]->()
DELETE old
WITH DISTINCT o, row
OPTIONAL MATCH (o)<-[raised:RAISED]-()
DELETE raised
WITH DISTINCT o, row
CALL (o, row) {
  MATCH (p:Person {id: row.contact_id})
  MERGE (p)-[:RAISED]->(o)
}
CALL (o, row) {
  MATCH (c:Customer {id: row.customer_id})
  MERGE (o)-[:FOR]->(c)
}
CALL (o, row) {
  MATCH (n:Need {id: row.need_id})
  MERGE (o)-[:ABOUT]->(n)
}
