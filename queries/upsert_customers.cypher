// params: $rows: [{id, name, kind, status, industry, revenue, headcount, region, situation}]
UNWIND $rows AS row
MERGE (c:Customer {id: row.id})
SET c = row
REMOVE c:TargetCustomer:PotentialCustomer:ExistingCustomer
FOREACH (_ IN CASE WHEN row.status = 'target' THEN [1] ELSE [] END | SET c:TargetCustomer)
FOREACH (_ IN CASE WHEN row.status = 'potential' THEN [1] ELSE [] END | SET c:PotentialCustomer)
FOREACH (_ IN CASE WHEN row.status = 'existing' THEN [1] ELSE [] END | SET c:ExistingCustomer)
