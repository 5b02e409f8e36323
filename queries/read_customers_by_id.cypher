// params: $ids: [string] without repeats, $status: string or null
UNWIND $ids AS id
MATCH (c:Customer {id: id})
WHERE $status IS NULL OR c.status = $status
RETURN c {.*} AS props
ORDER BY c.id
