// params: none
MATCH (n:Role)
RETURN n {.*} AS props
ORDER BY n.id
