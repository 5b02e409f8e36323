// params: $id: string, $shared: boolean
OPTIONAL MATCH (p:Salesperson {id: $id})
FOREACH (_ IN CASE WHEN p IS NOT NULL AND $shared THEN [1] ELSE [] END | SET p:TeamShared)
FOREACH (_ IN CASE WHEN p IS NOT NULL AND NOT $shared THEN [1] ELSE [] END | REMOVE p:TeamShared)
RETURN count(p) AS found
