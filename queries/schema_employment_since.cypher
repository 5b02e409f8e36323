// params: none
CREATE INDEX employment_since IF NOT EXISTS FOR (n:Employment) ON (n.since)
