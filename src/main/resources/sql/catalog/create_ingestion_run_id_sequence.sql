-- Run ids for the ledger.
CREATE SEQUENCE IF NOT EXISTS blog_analysis.ingestion_run_id START 1
