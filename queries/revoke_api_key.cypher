// params: $id: string
OPTIONAL MATCH (k:ApiKey {id: $id})
SET k.revoked = true
RETURN count(k) AS found
