// params: $pairs: [[string, string]] with each pair sorted
CALL () { OPTIONAL MATCH (b:ImportBatch) RETURN collect(b.id) AS pending }
UNWIND $pairs AS pair
MATCH (a:Person {id: pair[0]})-[e:EVIDENCE]->(b:Person {id: pair[1]})
WHERE NOT coalesce(e._import, '') IN pending
RETURN a.id AS source, b.id AS target, e {.*} AS props
ORDER BY source, target, props.origin
