// params: none
MATCH (a:Person)-[e:EVIDENCE]->(b:Person)
RETURN a.id AS source, b.id AS target, e {.*} AS props
