-- Upgrades a ledger created before schema drift was reported: the input fields a run ignored, as a JSON object of field
-- name to the number of records that had it (NULL when none, and for older runs).
ALTER TABLE blog_analysis.ingestion_runs ADD COLUMN IF NOT EXISTS unknown_fields VARCHAR
