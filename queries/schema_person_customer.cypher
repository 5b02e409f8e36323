// params: none
CREATE INDEX person_customer_id IF NOT EXISTS FOR (n:Person) ON (n.customer_id)
