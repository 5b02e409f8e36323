// params: none
CREATE INDEX employment_company_key IF NOT EXISTS FOR (n:Employment) ON (n.company_key)
