// params: $id: string
// The marker of a failed import, once its nodes and relationships are gone.
MATCH (b:ImportBatch {id: $id})
DELETE b
