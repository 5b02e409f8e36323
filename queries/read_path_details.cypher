// params: $ids: [string] without repeats (the people on some paths), $pairs: [[string, string]] (their ties, each sorted)
// Everything that explains paths, in one round trip: the people, their ties and
// the ties' evidence, the customers they work at, and the channels they are.
CALL () { OPTIONAL MATCH (b:ImportBatch) RETURN collect(b.id) AS pending }
CALL (pending) {
  UNWIND $ids AS id
  MATCH (p:Person {id: id})
  WHERE NOT coalesce(p._import, '') IN pending
  RETURN collect(p {.*}) AS people
}
CALL (pending) {
  UNWIND $pairs AS pair
  MATCH (a:Person {id: pair[0]})-[k:KNOWS]-(b:Person {id: pair[1]})
  WHERE NOT coalesce(k._import, '') IN pending
  RETURN collect({source: a.id, target: b.id, props: k {.*}}) AS ties
}
CALL (pending) {
  UNWIND $pairs AS pair
  MATCH (a:Person {id: pair[0]})-[e:EVIDENCE]->(b:Person {id: pair[1]})
  WHERE NOT coalesce(e._import, '') IN pending
  WITH a, b, e ORDER BY a.id, b.id, e.origin
  RETURN collect({source: a.id, target: b.id, props: e {.*}}) AS evidence
}
CALL (pending) {
  UNWIND $ids AS id
  MATCH (p:Person {id: id})
  WHERE p.customer_id IS NOT NULL AND NOT coalesce(p._import, '') IN pending
  WITH DISTINCT p.customer_id AS customer_id
  MATCH (c:Customer {id: customer_id})
  WHERE NOT coalesce(c._import, '') IN pending
  WITH c ORDER BY c.id
  RETURN collect(c {.*}) AS customers
}
CALL (pending) {
  UNWIND $ids AS id
  MATCH (n:Channel {person_id: id})
  WHERE NOT coalesce(n._import, '') IN pending
  WITH n ORDER BY n.id
  RETURN collect(n {.*}) AS channels
}
RETURN people, ties, evidence, customers, channels
