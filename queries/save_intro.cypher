// params: $row: {id, salesperson_id, target_id, via_id, status, requested_on, data_json}, $expected: string or null
// One introduction request, written only if the stored one has the status
// $expected (null: only if no request has its id); run after lock_intro in the
// same transaction. Returns how many were written (0 or 1).
OPTIONAL MATCH (found:IntroRequest {id: $row.id})
WITH found
WHERE (found IS NULL AND $expected IS NULL) OR found.status = $expected
MERGE (i:IntroRequest {id: $row.id})
SET i = $row
RETURN count(i) AS written
