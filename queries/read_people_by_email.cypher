// params: $emails: [string], each lower case
CALL () { OPTIONAL MATCH (b:ImportBatch) RETURN collect(b.id) AS pending }
MATCH (p:Person)
WHERE p.email <> '' AND toLower(trim(p.email)) IN $emails AND NOT coalesce(p._import, '') IN pending
RETURN toLower(trim(p.email)) AS email, p.id AS id
ORDER BY email, id
