// params: $target_ids: [string] or null
CALL () { OPTIONAL MATCH (b:ImportBatch) RETURN collect(b.id) AS pending }
MATCH (ch:Channel)-[r:REACHES]->()
WHERE ($target_ids IS NULL OR r.target_id IN $target_ids) AND NOT coalesce(ch._import, '') IN pending AND NOT coalesce(r._import, '') IN pending
RETURN ch.id AS channel_id, r.target_id AS target_id, r.strength AS strength
ORDER BY channel_id, target_id
