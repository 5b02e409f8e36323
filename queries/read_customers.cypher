// params: $status: string or null
MATCH (c:Customer)
WHERE $status IS NULL OR c.status = $status
RETURN c {.*} AS props
ORDER BY c.id
