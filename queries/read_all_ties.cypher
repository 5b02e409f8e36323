// params: none
MATCH (a:Person)-[k:KNOWS]->(b:Person)
RETURN a.id AS source, b.id AS target, k {.*} AS props
