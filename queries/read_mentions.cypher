// params: $needles: [string] (lower case)
// The free texts others wrote that may name a person about to be forgotten: tie
// contexts, opportunities' details, introduction requests (notes); read in the
// forget's transaction, scrubbed by the caller, written back by scrub_mentions.
MATCH (a:Person)-[k:KNOWS]->(b:Person)
WHERE any(needle IN $needles WHERE toLower(k.context) CONTAINS needle)
RETURN 'tie' AS kind, a.id AS a, b.id AS b, k.context AS text
UNION ALL
MATCH (o:Opportunity)
WHERE any(needle IN $needles WHERE toLower(o.details_json) CONTAINS needle)
RETURN 'opportunity' AS kind, o.id AS a, null AS b, o.details_json AS text
UNION ALL
MATCH (i:IntroRequest)
WHERE any(needle IN $needles WHERE toLower(i.data_json) CONTAINS needle)
RETURN 'intro' AS kind, i.id AS a, null AS b, i.data_json AS text
