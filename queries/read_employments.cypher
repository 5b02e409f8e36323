// params: $person_ids, $refs, $company_keys: [string] or null; $changed_since: date or null
// Every filter given must hold.
CALL () { OPTIONAL MATCH (b:ImportBatch) RETURN collect(b.id) AS pending }
MATCH (e:Employment)
WHERE ($person_ids IS NULL OR e.person_id IN $person_ids)
  AND ($refs IS NULL OR e.ref IN $refs)
  AND ($company_keys IS NULL OR e.company_key IN $company_keys)
  AND ($changed_since IS NULL OR e.since >= $changed_since OR e.until >= $changed_since)
  AND NOT coalesce(e._import, '') IN pending
RETURN e {.*} AS props
ORDER BY e.person_id, e.origin, e.company
