// params: $rows: [{node, search}], $form: integer
UNWIND $rows AS row
MATCH (n) WHERE elementId(n) = row.node
SET n.search = row.search, n.search_form = $form
