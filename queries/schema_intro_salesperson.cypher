// params: none
CREATE INDEX intro_salesperson IF NOT EXISTS FOR (i:IntroRequest) ON (i.salesperson_id)
