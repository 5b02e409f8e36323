// params: none
MATCH (e:Erasure)
RETURN e {.*} AS props
ORDER BY e.erased_on, e.digest
