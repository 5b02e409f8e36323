// params: $rows: [{person_id, origin, company, company_key, customer_id, title, ref, since, until}]
// A person's employment as one import showed it, one node per person, origin and company.
UNWIND $rows AS row
MATCH (p:Person {id: row.person_id})
MERGE (p)-[:EMPLOYED]->(e:Employment {person_id: row.person_id, origin: row.origin, company: row.company})
// `+=` (every key is given; a null removes one) keeps an import's `_import`, as upsert_ties
SET e += row, e._written = timestamp()  // merge_import_duplicates finds it
