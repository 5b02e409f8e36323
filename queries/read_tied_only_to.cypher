// params: $ids: [string], $others: [string]
// Ties of an import still in progress (an :ImportBatch) are left out, as in every read.
CALL () { OPTIONAL MATCH (b:ImportBatch) RETURN collect(b.id) AS pending }
UNWIND $ids AS id
MATCH (:Person {id: id})-[k:KNOWS]-(other:Person)
WHERE NOT coalesce(k._import, '') IN pending
WITH id, collect(other.id) AS near
WHERE all(o IN near WHERE o IN $others)
RETURN id
