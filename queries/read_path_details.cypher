// params: $ids: [string] without repeats, $pairs: [[string, string]] with each pair sorted
CALL {
  UNWIND $ids AS id
  MATCH (p:Person {id: id})
  RETURN collect(p {.*}) AS people, collect(DISTINCT p.customer_id) AS employers
}
CALL {
  WITH employers
  UNWIND employers AS customer_id
  MATCH (c:Customer {id: customer_id})
  RETURN collect(c {.*}) AS customers
}
CALL {
  UNWIND $ids AS person_id
  MATCH (n:Channel {person_id: person_id})
  WITH n ORDER BY n.id
  RETURN collect(n {.*}) AS channels
}
CALL {
  UNWIND $pairs AS pair
  MATCH (a:Person {id: pair[0]})-[k:KNOWS]-(b:Person {id: pair[1]})
  WITH DISTINCT a, b, k
  RETURN collect({source: a.id, target: b.id, props: k {.*}}) AS ties
}
CALL {
  UNWIND $pairs AS pair
  MATCH (a:Person {id: pair[0]})-[e:EVIDENCE]->(b:Person {id: pair[1]})
  WITH a, b, e ORDER BY a.id, b.id, e.origin
  RETURN collect({source: a.id, target: b.id, props: e {.*}}) AS evidence
}
RETURN people, customers, channels, ties, evidence
