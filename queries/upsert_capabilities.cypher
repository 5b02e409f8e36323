// params: $rows: [{id, name, kind, solves, price_min, price_max, advantages}]
UNWIND $rows AS row
MERGE (cap:Capability {id: row.id})
SET cap = row
WITH cap, row
OPTIONAL MATCH (cap)-[old:SOLVES]->()
DELETE old
WITH DISTINCT cap, row
UNWIND row.solves AS need_id
MATCH (n:Need {id: need_id})
MERGE (cap)-[:SOLVES]->(n)
