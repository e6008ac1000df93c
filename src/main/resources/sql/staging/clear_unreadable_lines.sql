-- Empties the reader's rejects table once a file's unreadable lines are staged. DuckDB appends to it across scans and
-- does not register a scan that found nothing, so "the latest scan" cannot tell one file's rejects from the next's.
DELETE FROM unreadable_lines
