// params: $key_hash: string
MATCH (k:ApiKey {key_hash: $key_hash})
RETURN k {.*} AS props
