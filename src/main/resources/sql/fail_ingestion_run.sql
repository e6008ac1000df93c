-- Closes a run whose load transaction rolled back ($1 = 'failed' or 'interrupted', $2 = why, $3 = run id); nothing of
-- the run's data was committed.
UPDATE blog_analysis.ingestion_runs
SET finished_at = now()::TIMESTAMP,
    status = $1,
    error = $2
WHERE run_id = $3
