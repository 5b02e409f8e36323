// params: $ids: [string]
UNWIND $ids AS id
MATCH (p:Person {id: id})
RETURN p {.*} AS props
