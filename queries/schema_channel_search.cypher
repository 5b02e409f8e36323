// params: none
CREATE TEXT INDEX channel_search IF NOT EXISTS FOR (n:Channel) ON (n.search)
