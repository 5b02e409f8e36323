// params: none
CALL () { OPTIONAL MATCH (b:ImportBatch) RETURN collect(b.id) AS pending }
MATCH (a:Person)-[k:KNOWS]->(b:Person)
WHERE NOT coalesce(k._import, '') IN pending
RETURN a.id AS source, b.id AS target, k {.*} AS props
