// params: $form: integer, $limit: integer
// Up to $limit employments whose company key is of an older form than $form
// (written by an older graph-mtl), to be given one.
MATCH (e:Employment)
WHERE coalesce(e.key_form, 1) < $form
RETURN elementId(e) AS node, e.company AS company
LIMIT $limit
