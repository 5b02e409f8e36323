// params: $id: string
// Makes an import visible: deletes its marker, in the transaction that also
// writes the rows that change what the graph held before. `written` 0: the
// marker is gone (removed as abandoned), and the transaction is rolled back.
OPTIONAL MATCH (b:ImportBatch {id: $id})
DELETE b
RETURN count(b) AS written
