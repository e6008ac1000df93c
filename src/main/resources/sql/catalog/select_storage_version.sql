-- The storage version DuckDB reports for a database (e.g. v1.0.0+: the oldest DuckDB release that opens the file), of
-- the attached database named :database, or of the connection's own database when it is NULL.
SELECT tags['storage_version'] AS storage_version
FROM duckdb_databases()
WHERE database_name = coalesce(CAST(:database AS VARCHAR), current_database())
