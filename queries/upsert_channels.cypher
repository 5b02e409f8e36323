// params: $rows: [{id, name, kind, audience, person_id}]
UNWIND $rows AS row
MERGE (ch:Channel {id: row.id})
SET ch = row
WITH ch, row
OPTIONAL MATCH (ch)-[old:IS_PERSON]->()
DELETE old
WITH DISTINCT ch, row
MATCH (p:Person {id: row.person_id})
MERGE (ch)-[:IS_PERSON]->(p)
