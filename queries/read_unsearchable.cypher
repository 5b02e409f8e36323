// params: $limit: integer
// Up to $limit people, customers and channels written before they had a folded
// search text (an older graph-mtl), to be given one.
MATCH (n:Person|Customer|Channel)
WHERE n.search IS NULL
RETURN elementId(n) AS node, n.id AS id, n.name AS name, n.title AS title, n.email AS email
LIMIT $limit
