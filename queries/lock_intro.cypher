// params: $id: string
// Take the write lock on an introduction request (if it exists) before its status
// is read by the next statement of the same transaction: of two moves racing from
// one status, the second then reads the first one's result and writes nothing.
MATCH (i:IntroRequest {id: $id})
SET i._lock = true
