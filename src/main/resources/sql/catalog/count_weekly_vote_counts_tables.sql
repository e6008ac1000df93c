-- 1 when the warehouse has its weekly counts table, else 0 (asked by the schema set-up only, before it creates the
-- table: a table it creates is filled with a recount of the votes).
SELECT count(*) FROM duckdb_tables() WHERE schema_name = 'blog_analysis' AND table_name = 'weekly_vote_counts'
