-- Closes ledger rows left :running by a process that died (SIGKILL, power loss) as :interrupted. Run while holding the
-- warehouse's write lock, so no live run can be running; the dead run's data was never committed (a run is one
-- transaction).
UPDATE blog_analysis.ingestion_runs
SET status = :interrupted,
    error = 'the process ended before the run finished (killed or crashed); nothing of the run was committed'
WHERE status = :running
