// params: $id: string, $erasure: {digest, salt, erased_on, by} or null
// Forgetting a person forgets everything that names them: the channel they
// are (with its reach), the opportunities they raised, their employments, their
// API keys, the introduction requests naming them, and (DETACH) their ties,
// their ties' evidence, reach and opt-in. Only the erasure record stays.
MATCH (p:Person {id: $id})
CALL (p) {
  MATCH (ch:Channel {person_id: p.id})
  DETACH DELETE ch
}
CALL (p) {
  MATCH (o:Opportunity {contact_id: p.id})
  DETACH DELETE o
}
CALL (p) {
  MATCH (p)-[:EMPLOYED]->(e:Employment)
  DETACH DELETE e
}
CALL (p) {
  MATCH (k:ApiKey {salesperson_id: p.id})
  DETACH DELETE k
}
CALL (p) {
  MATCH (i:IntroRequest)
  WHERE p.id IN [i.salesperson_id, i.target_id, i.via_id]
  DETACH DELETE i
}
FOREACH (e IN CASE WHEN $erasure IS NULL THEN [] ELSE [$erasure] END |
  CREATE (x:Erasure)
  SET x = e
)
DETACH DELETE p
RETURN count(*) AS deleted
