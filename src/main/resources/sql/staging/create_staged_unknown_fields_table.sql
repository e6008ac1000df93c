-- Connection-local: the fields of the run's input records that are not vote fields, per file, with how many records had
-- each. They are ignored, and reported in the run summary and the ledger (ingestion_runs.unknown_fields).
CREATE OR REPLACE TEMP TABLE staged_unknown_fields (
    file_index INTEGER NOT NULL,
    field      VARCHAR NOT NULL,
    records    BIGINT  NOT NULL
)
