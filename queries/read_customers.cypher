// params: $status: string or null, $id: string or null
MATCH (c:Customer)
WHERE ($status IS NULL OR c.status = $status) AND ($id IS NULL OR c.id = $id)
RETURN c {.*} AS props
ORDER BY c.id
