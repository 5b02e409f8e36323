// params: none
CALL () { OPTIONAL MATCH (b:ImportBatch) RETURN collect(b.id) AS pending }
MATCH (a:Person)-[e:EVIDENCE]->(b:Person)
WHERE NOT coalesce(e._import, '') IN pending
RETURN a.id AS source, b.id AS target, e {.*} AS props
