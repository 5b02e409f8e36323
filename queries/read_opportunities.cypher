// params: none
MATCH (n:Opportunity)
RETURN n {.*} AS props
ORDER BY n.id
