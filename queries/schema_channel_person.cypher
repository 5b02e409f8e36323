// params: none
CREATE INDEX channel_person_id IF NOT EXISTS FOR (n:Channel) ON (n.person_id)
