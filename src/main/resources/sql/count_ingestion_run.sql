-- 1 when the ledger has the run $1, else 0.
SELECT count(*) FROM blog_analysis.ingestion_runs WHERE run_id = $1
