-- 1 when the warehouse has its votes table, else 0.
SELECT count(*) FROM duckdb_tables() WHERE schema_name = 'blog_analysis' AND table_name = 'votes'
