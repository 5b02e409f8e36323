// params: none
MATCH (n)
DETACH DELETE n
