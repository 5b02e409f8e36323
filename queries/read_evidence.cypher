// params: $pairs: [[string, string]] with each pair sorted
UNWIND $pairs AS pair
MATCH (a:Person {id: pair[0]})-[e:EVIDENCE]->(b:Person {id: pair[1]})
RETURN a.id AS source, b.id AS target, e {.*} AS props
ORDER BY source, target, props.origin
