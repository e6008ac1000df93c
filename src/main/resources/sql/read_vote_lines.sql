-- Reads one file's lines whole, in file order, into staged_lines ($1 = path, $2 = read in parallel, $3 = the line break:
-- '\n', or '\r\n' for a file holding carriage returns, which is then read by one thread). DuckDB's CSV reader is told
-- to split on line breaks only; blank lines come back as NULL, so a line's number is its rowid + 1. Lines the reader
-- cannot return (invalid UTF-8, over 16 MiB) go to the unreadable_lines table instead, with their line numbers.
-- ('\r\n' must not be combined with the parallel reader: DuckDB 2.0 then silently drops a line that starts exactly at a
-- 32 MiB buffer boundary.)
CREATE OR REPLACE TEMP TABLE staged_lines AS
SELECT raw
FROM read_csv($1,
              columns = {'raw': 'VARCHAR'}, header = false, auto_detect = false,
              delim = E'\x01\x02\x03\x04', quote = '', escape = '', strict_mode = false,
              parallel = $2, new_line = $3,
              max_line_size = 16777216, buffer_size = 33554432,
              ignore_errors = true, store_rejects = true,
              rejects_table = 'unreadable_lines', rejects_scan = 'unreadable_line_scans')
