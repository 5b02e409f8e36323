// params: none
CREATE INDEX employment_ref IF NOT EXISTS FOR (n:Employment) ON (n.ref)
