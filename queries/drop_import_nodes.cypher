// params: $id: string
// Runs only as an auto-commit statement (session.run): deletes a failed import's
// nodes (with their relationships) 10,000 at a time.
MATCH (n)
WHERE n._import = $id
CALL (n) {
  DETACH DELETE n
} IN TRANSACTIONS OF 10000 ROWS
