// params: none
// Evidence written outside a staged import, by when: merge_import_duplicates finds it.
CREATE INDEX evidence_written IF NOT EXISTS FOR ()-[e:EVIDENCE]-() ON (e._written)
