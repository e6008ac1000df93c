-- Marks the warehouse as brought up to date with the schema statements whose digest is {digest} (lower-case hex,
-- computed from the statements' text: a COMMENT takes a constant, not a parameter; the value is never user data). A
-- later run that finds the same digest skips the schema statements.
COMMENT ON SEQUENCE blog_analysis.ingestion_run_id IS 'votes schema {digest}'
