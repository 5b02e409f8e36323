// params: $ids: [string]
CALL () { OPTIONAL MATCH (b:ImportBatch) RETURN collect(b.id) AS pending }
UNWIND $ids AS id
MATCH (p:Person {id: id})
WHERE NOT coalesce(p._import, '') IN pending
RETURN p {.*} AS props
