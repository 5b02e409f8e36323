// params: none
CREATE CONSTRAINT intro_id IF NOT EXISTS FOR (i:IntroRequest) REQUIRE i.id IS UNIQUE
