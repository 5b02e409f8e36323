// params: $stale_seconds: integer
// The imports in progress, and whether each has been silent for $stale_seconds.
MATCH (b:ImportBatch)
RETURN b.id AS id, b.host AS host, b.pid AS pid,
       b.heartbeat < datetime() - duration({seconds: $stale_seconds}) AS stale
ORDER BY id
