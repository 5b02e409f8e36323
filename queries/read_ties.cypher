// params: $pairs: [[string, string]] with each pair sorted
UNWIND $pairs AS pair
MATCH (a:Person {id: pair[0]})-[k:KNOWS]-(b:Person {id: pair[1]})
RETURN DISTINCT a.id AS source, b.id AS target, k {.*} AS props
