-- Upgrades a file ledger created before several input formats were read: the format a file was read as, e.g. csv or
-- jsonl+gzip (NULL for files recorded before).
ALTER TABLE blog_analysis.ingested_files ADD COLUMN IF NOT EXISTS format VARCHAR
