-- Upgrades a ledger created before the file ledger existed: the files a run skipped as unchanged (NULL for old runs).
ALTER TABLE blog_analysis.ingestion_runs ADD COLUMN IF NOT EXISTS files_skipped VARCHAR[]
