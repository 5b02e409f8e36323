// params: $rows: [{channel_id, target_id, strength, _import (a staged import's id, or absent)}]
UNWIND $rows AS row
MATCH (ch:Channel {id: row.channel_id})
OPTIONAL MATCH (c:Customer {id: row.target_id})
OPTIONAL MATCH (p:Person {id: row.target_id})
WITH ch, row, coalesce(c, p) AS target
WHERE target IS NOT NULL
MERGE (ch)-[r:REACHES {target_id: row.target_id}]->(target)
SET r.strength = row.strength, r._import = row._import
