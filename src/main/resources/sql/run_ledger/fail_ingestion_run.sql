-- Closes a run whose load transaction rolled back (:status failed or interrupted, :error why); nothing of the run's
-- data was committed.
UPDATE blog_analysis.ingestion_runs
SET finished_at = now()::TIMESTAMP,
    status = :status,
    error = :error
WHERE run_id = :run_id
