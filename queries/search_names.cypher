// params: $q: string (folded by search_key), $limit: integer
// People, customers and channels whose folded text (`search`: name, id and, for
// people, title and e-mail) starts with $q (a name's start) or contains it, at
// most $limit of each; both served by the labels' TEXT indexes on `search`.
CALL () {
  MATCH (p:Person) WHERE p.search STARTS WITH $q
  WITH p LIMIT $limit
  RETURN collect(p {.*}) AS people_named
}
CALL () {
  MATCH (p:Person) WHERE p.search CONTAINS $q
  WITH p LIMIT $limit
  RETURN collect(p {.*}) AS people_inside
}
CALL () {
  MATCH (c:Customer) WHERE c.search STARTS WITH $q
  WITH c LIMIT $limit
  RETURN collect(c {.*}) AS customers_named
}
CALL () {
  MATCH (c:Customer) WHERE c.search CONTAINS $q
  WITH c LIMIT $limit
  RETURN collect(c {.*}) AS customers_inside
}
CALL () {
  MATCH (n:Channel) WHERE n.search STARTS WITH $q
  WITH n LIMIT $limit
  RETURN collect(n {.*}) AS channels_named
}
CALL () {
  MATCH (n:Channel) WHERE n.search CONTAINS $q
  WITH n LIMIT $limit
  RETURN collect(n {.*}) AS channels_inside
}
RETURN people_named, people_inside, customers_named, customers_inside, channels_named,
       channels_inside
