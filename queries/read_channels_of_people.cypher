// params: $person_ids: [string] without repeats
UNWIND $person_ids AS person_id
MATCH (n:Channel {person_id: person_id})
RETURN n {.*} AS props
ORDER BY n.id
