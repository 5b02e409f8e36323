// params: $rows: [{node, search}]
UNWIND $rows AS row
MATCH (n) WHERE elementId(n) = row.node
SET n.search = row.search
