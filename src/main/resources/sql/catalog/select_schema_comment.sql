-- The comment on the ledger's run-id sequence, which names the schema statements the warehouse was last brought up to
-- date with (see comment_schema.sql); no row in a new warehouse. A sequence, not a table: listing tables would load
-- every table's storage.
SELECT comment
FROM duckdb_sequences()
WHERE schema_name = 'blog_analysis' AND sequence_name = 'ingestion_run_id'
