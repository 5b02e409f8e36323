// params: $rows: [{node, key}], $form: integer
UNWIND $rows AS row
MATCH (e:Employment) WHERE elementId(e) = row.node
SET e.company_key = row.key, e.key_form = $form
