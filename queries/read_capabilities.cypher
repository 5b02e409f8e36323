// params: none
MATCH (n:Capability)
RETURN n {.*} AS props
ORDER BY n.id
