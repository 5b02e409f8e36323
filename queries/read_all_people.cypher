// params: none
CALL () { OPTIONAL MATCH (b:ImportBatch) RETURN collect(b.id) AS pending }
MATCH (n:Person)
WHERE NOT coalesce(n._import, '') IN pending
RETURN n {.*} AS props
ORDER BY n.id
