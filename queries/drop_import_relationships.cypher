// params: $id: string
// Runs only as an auto-commit statement (session.run): deletes the relationships a
// failed import wrote between nodes that were there before it, 10,000 at a time.
MATCH ()-[r:KNOWS|EVIDENCE|HAS_NEED|REACHES]->()
WHERE r._import = $id
CALL (r) {
  DELETE r
} IN TRANSACTIONS OF 10000 ROWS
