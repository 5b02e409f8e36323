// params: none
// One staged import at a time: every marker holds `single: true`, so a second
// begin_import fails (or waits for the first's to commit, then fails).
CREATE CONSTRAINT import_batch_single IF NOT EXISTS FOR (b:ImportBatch) REQUIRE b.single IS UNIQUE
