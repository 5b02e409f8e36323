// params: $q: string (folded by search_key), $limit: integer
// People, customers and channels whose folded text (`search`: name, id and, for
// people, title and e-mail) starts with $q (a name's start) or contains it, at
// most $limit of each; both served by the labels' TEXT indexes on `search`.
CALL () { OPTIONAL MATCH (b:ImportBatch) RETURN collect(b.id) AS pending }
CALL (pending) {
  MATCH (p:Person) WHERE p.search STARTS WITH $q AND NOT coalesce(p._import, '') IN pending
  WITH p LIMIT $limit
  RETURN collect(p {.*}) AS people_named
}
CALL (pending) {
  MATCH (p:Person) WHERE p.search CONTAINS $q AND NOT coalesce(p._import, '') IN pending
  WITH p LIMIT $limit
  RETURN collect(p {.*}) AS people_inside
}
CALL (pending) {
  MATCH (c:Customer) WHERE c.search STARTS WITH $q AND NOT coalesce(c._import, '') IN pending
  WITH c LIMIT $limit
  RETURN collect(c {.*}) AS customers_named
}
CALL (pending) {
  MATCH (c:Customer) WHERE c.search CONTAINS $q AND NOT coalesce(c._import, '') IN pending
  WITH c LIMIT $limit
  RETURN collect(c {.*}) AS customers_inside
}
CALL (pending) {
  MATCH (n:Channel) WHERE n.search STARTS WITH $q AND NOT coalesce(n._import, '') IN pending
  WITH n LIMIT $limit
  RETURN collect(n {.*}) AS channels_named
}
CALL (pending) {
  MATCH (n:Channel) WHERE n.search CONTAINS $q AND NOT coalesce(n._import, '') IN pending
  WITH n LIMIT $limit
  RETURN collect(n {.*}) AS channels_inside
}
RETURN people_named, people_inside, customers_named, customers_inside, channels_named,
       channels_inside
