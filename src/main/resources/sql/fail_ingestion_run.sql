-- Marks a run failed after its load transaction rolled back; nothing of the run's data was committed.
UPDATE blog_analysis.ingestion_runs
SET finished_at = now()::TIMESTAMP,
    status = 'failed',
    error = ?
WHERE run_id = ?
