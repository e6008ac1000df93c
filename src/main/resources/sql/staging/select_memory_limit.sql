-- DuckDB's memory limit as it reports it (e.g. '732.4 MiB'): the line reader of read_vote_lines_of_text.sql holds a
-- whole file's text at once, so files larger than half of it are read the other way.
SELECT value FROM duckdb_settings() WHERE name = 'memory_limit'
