// params: $salesperson_id: string or null (every key)
MATCH (k:ApiKey)
WHERE $salesperson_id IS NULL OR k.salesperson_id = $salesperson_id
RETURN k {.*} AS props
ORDER BY k.created_on, k.id
