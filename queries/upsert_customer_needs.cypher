// params: $rows: [{customer_id, need_id, approved, budget_this_year, budget, kpi_related}]
UNWIND $rows AS row
MATCH (c:Customer {id: row.customer_id}), (n:Need {id: row.need_id})
MERGE (c)-[h:HAS_NEED]->(n)
SET h = row
