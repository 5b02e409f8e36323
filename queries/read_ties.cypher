// params: $pairs: [[string, string]] with each pair sorted
CALL () { OPTIONAL MATCH (b:ImportBatch) RETURN collect(b.id) AS pending }
UNWIND $pairs AS pair
MATCH (a:Person {id: pair[0]})-[k:KNOWS]-(b:Person {id: pair[1]})
WHERE NOT coalesce(k._import, '') IN pending
RETURN DISTINCT a.id AS source, b.id AS target, k {.*} AS props
