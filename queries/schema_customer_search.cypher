// params: none
CREATE TEXT INDEX customer_search IF NOT EXISTS FOR (n:Customer) ON (n.search)
