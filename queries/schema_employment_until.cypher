// params: none
CREATE INDEX employment_until IF NOT EXISTS FOR (n:Employment) ON (n.until)
