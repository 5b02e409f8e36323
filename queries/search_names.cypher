// params: $q: string (lower case), $limit: integer
// People whose id, name, title or e-mail, and customers and channels whose id or
// name, contain $q (case aside), at most $limit of each, ordered by id. A scan
// of each label: CONTAINS on toLower() uses no index.
CALL () {
  MATCH (p:Person)
  WHERE toLower(p.id) CONTAINS $q OR toLower(p.name) CONTAINS $q
     OR toLower(coalesce(p.title, '')) CONTAINS $q OR toLower(coalesce(p.email, '')) CONTAINS $q
  WITH p ORDER BY p.id LIMIT $limit
  RETURN collect(p {.*}) AS people
}
CALL () {
  MATCH (c:Customer)
  WHERE toLower(c.id) CONTAINS $q OR toLower(c.name) CONTAINS $q
  WITH c ORDER BY c.id LIMIT $limit
  RETURN collect(c {.*}) AS customers
}
CALL () {
  MATCH (n:Channel)
  WHERE toLower(n.id) CONTAINS $q OR toLower(n.name) CONTAINS $q
  WITH n ORDER BY n.id LIMIT $limit
  RETURN collect(n {.*}) AS channels
}
RETURN people, customers, channels
