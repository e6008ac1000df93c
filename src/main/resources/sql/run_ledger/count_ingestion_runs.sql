-- How many runs the ledger holds.
SELECT count(*) FROM blog_analysis.ingestion_runs
