-- Opens a ledger row for a new run, with the :status running (:files given as an array), committed on its own so a
-- failed or killed run still leaves a trace.
INSERT INTO blog_analysis.ingestion_runs (run_id, started_at, status, files, tool_version)
VALUES (nextval('blog_analysis.ingestion_run_id'), now()::TIMESTAMP, :status, CAST(:files AS VARCHAR[]), :tool_version)
RETURNING run_id
