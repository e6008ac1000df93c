-- Closes a run's ledger row with its counts; runs inside the load transaction, so it commits with the data.
-- finished_at is bound by the caller (UTC clock time): inside a transaction DuckDB's now() is the transaction's start.
-- files_skipped is an array of the files skipped as unchanged; unknown_fields a JSON object of the fields the run
-- ignored, each with the number of records that had it (NULL when there were none).
UPDATE blog_analysis.ingestion_runs
SET finished_at = CAST(:finished_at AS TIMESTAMP),
    status = :status,
    rows_read = :rows_read,
    rows_inserted = :rows_inserted,
    duplicates_skipped = :duplicates_skipped,
    rows_rejected = :rows_rejected,
    files_skipped = CAST(:files_skipped AS VARCHAR[]),
    unknown_fields = :unknown_fields
WHERE run_id = :run_id
