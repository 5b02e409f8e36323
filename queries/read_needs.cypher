// params: none
MATCH (n:Need)
RETURN n {.*} AS props
ORDER BY n.id
