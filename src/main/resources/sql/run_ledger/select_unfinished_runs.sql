-- Runs that did not succeed (any status but :succeeded and :succeeded_with_rejects), first run first: failed or
-- interrupted (their data was rolled back), or still marked running although no process holds the warehouse (the
-- process died before it could mark the run).
SELECT run_id, status
FROM blog_analysis.ingestion_runs
WHERE status NOT IN (:succeeded, :succeeded_with_rejects)
ORDER BY run_id
