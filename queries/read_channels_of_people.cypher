// params: $person_ids: [string] without repeats
CALL () { OPTIONAL MATCH (b:ImportBatch) RETURN collect(b.id) AS pending }
UNWIND $person_ids AS person_id
MATCH (n:Channel {person_id: person_id})
WHERE NOT coalesce(n._import, '') IN pending
RETURN n {.*} AS props
ORDER BY n.id
