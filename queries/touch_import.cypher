// params: $id: string
// Run first in each of an import's transactions: takes the marker's lock and
// says the import is alive; `written` 0 (the marker was removed as abandoned)
// rolls the transaction back.
OPTIONAL MATCH (b:ImportBatch {id: $id})
SET b.heartbeat = datetime()
RETURN count(b) AS written
