// params: $target_ids: [string] or null
MATCH (ch:Channel)-[r:REACHES]->()
WHERE $target_ids IS NULL OR r.target_id IN $target_ids
RETURN ch.id AS channel_id, r.target_id AS target_id, r.strength AS strength
ORDER BY channel_id, target_id
