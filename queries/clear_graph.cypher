// params: none
// Runs only as an auto-commit statement (session.run): it commits every 10,000 nodes itself.
MATCH (n)
CALL (n) {
  DETACH DELETE n
} IN TRANSACTIONS OF 10000 ROWS
