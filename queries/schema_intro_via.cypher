// params: none
CREATE INDEX intro_via IF NOT EXISTS FOR (i:IntroRequest) ON (i.via_id)
