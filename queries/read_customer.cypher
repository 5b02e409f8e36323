// params: $id: string
MATCH (c:Customer {id: $id})
RETURN c {.*} AS props
