// params: none
// Employments written outside a staged import, by when: merge_import_duplicates finds them.
CREATE INDEX employment_written IF NOT EXISTS FOR (n:Employment) ON (n._written)
