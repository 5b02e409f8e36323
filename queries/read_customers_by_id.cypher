// params: $ids: [string] without repeats, $status: string or null
CALL () { OPTIONAL MATCH (b:ImportBatch) RETURN collect(b.id) AS pending }
UNWIND $ids AS id
MATCH (c:Customer {id: id})
WHERE ($status IS NULL OR c.status = $status) AND NOT coalesce(c._import, '') IN pending
RETURN c {.*} AS props
ORDER BY c.id
