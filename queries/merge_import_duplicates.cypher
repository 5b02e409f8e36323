// params: $id: string, $slack_ms: integer
// Run in the transaction that makes an import visible, before finish_import. A write
// outside the import (a MERGE) may have added a tie, evidence or employment that the
// import, having judged it new, also CREATEd: the import's copy stays (it is the later
// write) and the other goes. Such writes mark what they wrote with `_written`
// (timestamp()); one that commits after the import began started at most $slack_ms
// (its transaction timeout) before that, so only marks since then are looked at. Such
// a write may have set the import's copy too (a MERGE sets every copy it matches): the
// import's copy is the one still marked `_import`.
MATCH (batch:ImportBatch {id: $id})
WITH batch.started.epochMillis - $slack_ms AS since
CALL (since) {
  MATCH (a:Person)-[w:KNOWS]->(b:Person)
  WHERE w._written >= since AND coalesce(w._import, '') <> $id
    AND EXISTS { (a)-[d:KNOWS]-(b) WHERE d._import = $id }
  DELETE w
  RETURN count(w) AS ties
}
CALL (since) {
  MATCH (a:Person)-[w:EVIDENCE]->(b:Person)
  WHERE w._written >= since AND coalesce(w._import, '') <> $id
    AND EXISTS { (a)-[d:EVIDENCE]->(b) WHERE d._import = $id AND d.origin = w.origin }
  DELETE w
  RETURN count(w) AS evidence
}
CALL (since) {
  MATCH (w:Employment)
  WHERE w._written >= since AND coalesce(w._import, '') <> $id
    AND EXISTS {
      MATCH (d:Employment {person_id: w.person_id})
      WHERE d._import = $id AND d.origin = w.origin AND d.company = w.company
    }
  DETACH DELETE w
  RETURN count(w) AS employments
}
RETURN ties + evidence + employments AS merged
