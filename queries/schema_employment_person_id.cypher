// params: none
CREATE INDEX employment_person_id IF NOT EXISTS FOR (n:Employment) ON (n.person_id)
