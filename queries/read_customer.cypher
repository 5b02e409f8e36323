// params: $id: string
CALL () { OPTIONAL MATCH (b:ImportBatch) RETURN collect(b.id) AS pending }
MATCH (c:Customer {id: $id})
WHERE NOT coalesce(c._import, '') IN pending
RETURN c {.*} AS props
