// params: $ties: [{a, b, context}], $opportunities: [{id, details_json}], $intros: [{id, data_json}]
// The free texts read by read_mentions, with the forgotten person's name and
// e-mail taken out, written back in the forget's transaction.
CALL () {
  UNWIND $ties AS row
  MATCH (:Person {id: row.a})-[k:KNOWS]->(:Person {id: row.b})
  SET k.context = row.context
}
CALL () {
  UNWIND $opportunities AS row
  MATCH (o:Opportunity {id: row.id})
  SET o.details_json = row.details_json
}
CALL () {
  UNWIND $intros AS row
  MATCH (i:IntroRequest {id: row.id})
  SET i.data_json = row.data_json
}
RETURN count(*) AS written
