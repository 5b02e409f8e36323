// params: $form: integer, $limit: integer
// Up to $limit people, customers and channels whose folded search text is missing
// or of an older form than $form (written by an older graph-mtl), to be given one.
MATCH (n:Person|Customer|Channel)
WHERE n.search IS NULL OR coalesce(n.search_form, 1) < $form
RETURN elementId(n) AS node, n:Person AS person, n.id AS id, n.name AS name, n.title AS title,
       n.email AS email
LIMIT $limit
