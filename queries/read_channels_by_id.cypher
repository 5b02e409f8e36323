// params: $ids: [string] without repeats
CALL () { OPTIONAL MATCH (b:ImportBatch) RETURN collect(b.id) AS pending }
UNWIND $ids AS id
MATCH (n:Channel {id: id})
WHERE NOT coalesce(n._import, '') IN pending
RETURN n {.*} AS props
ORDER BY n.id
