// params: none
// Ties written outside a staged import, by when: merge_import_duplicates finds them.
CREATE INDEX tie_written IF NOT EXISTS FOR ()-[k:KNOWS]-() ON (k._written)
