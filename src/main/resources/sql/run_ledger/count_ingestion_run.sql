-- 1 when the ledger has the run :run_id, else 0.
SELECT count(*) FROM blog_analysis.ingestion_runs WHERE run_id = :run_id
