// params: $id: string, $host: string, $pid: integer
// The marker of an import in progress: every read leaves out the nodes and
// relationships whose `_import` names a marker that exists, so deleting it (in
// finish_import) makes the whole import visible at once. `single` (unique,
// schema_import_single) lets one import run at a time: while a marker exists this
// fails with a constraint error.
CREATE (:ImportBatch {
  id: $id, single: true, host: $host, pid: $pid, started: datetime(), heartbeat: datetime()
})
