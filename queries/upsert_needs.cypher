// params: $rows: [{id, name, description, can_meet}]
UNWIND $rows AS row
MERGE (n:Need {id: row.id})
SET n = row
