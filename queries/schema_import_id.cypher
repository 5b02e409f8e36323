// params: none
CREATE CONSTRAINT import_batch_id IF NOT EXISTS FOR (b:ImportBatch) REQUIRE b.id IS UNIQUE
