// params: $emails: [string], each lower case
MATCH (p:Person)
WHERE p.email <> '' AND toLower(trim(p.email)) IN $emails
RETURN toLower(trim(p.email)) AS email, p.id AS id
ORDER BY email, id
