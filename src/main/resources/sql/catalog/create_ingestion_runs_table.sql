-- The ledger: one row per ingest run. Counts reconcile: rows_read = rows_inserted + duplicates_skipped + rows_rejected.
CREATE TABLE IF NOT EXISTS blog_analysis.ingestion_runs (
    run_id             BIGINT    PRIMARY KEY,
    started_at         TIMESTAMP NOT NULL,
    finished_at        TIMESTAMP,
    status             VARCHAR   NOT NULL,
    files              VARCHAR[] NOT NULL,
    rows_read          BIGINT,
    rows_inserted      BIGINT,
    duplicates_skipped BIGINT,
    rows_rejected      BIGINT,
    error              VARCHAR,
    tool_version       VARCHAR   NOT NULL
)
