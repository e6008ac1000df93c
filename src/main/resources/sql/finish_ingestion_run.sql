-- Closes a run's ledger row with its counts; runs inside the load transaction, so it commits with the data.
UPDATE blog_analysis.ingestion_runs
SET finished_at = now()::TIMESTAMP,
    status = ?,
    rows_read = ?,
    rows_inserted = ?,
    duplicates_skipped = ?,
    rows_rejected = ?
WHERE run_id = ?
