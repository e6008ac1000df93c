-- The names of the tables and views of the warehouse's schema blog_analysis (for commands that need one of them).
SELECT table_name AS name FROM duckdb_tables() WHERE schema_name = 'blog_analysis'
UNION ALL
SELECT view_name AS name FROM duckdb_views() WHERE schema_name = 'blog_analysis'
