// params: none
MATCH (n:Person)
RETURN n {.*} AS props
ORDER BY n.id
