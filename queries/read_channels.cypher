// params: none
MATCH (n:Channel)
RETURN n {.*} AS props
ORDER BY n.id
