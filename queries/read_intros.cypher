// params: $salesperson_id: string or null, $via_ids: [string] or null, $ids: [string] or null
// Introduction requests (every filter given must hold), newest first, then by id.
MATCH (i:IntroRequest)
WHERE ($salesperson_id IS NULL OR i.salesperson_id = $salesperson_id)
  AND ($via_ids IS NULL OR i.via_id IN $via_ids)
  AND ($ids IS NULL OR i.id IN $ids)
RETURN i.data_json AS data
ORDER BY i.requested_on DESC, i.id
