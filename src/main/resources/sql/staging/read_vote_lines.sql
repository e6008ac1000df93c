-- Reads one JSON-lines file's lines whole, in file order, into staged_lines (:path, its :compression). DuckDB's CSV reader is told to split on
-- line breaks only (LF or CRLF); blank lines come back as NULL, so a line's number is its rowid + 1. Lines the reader
-- cannot return (invalid UTF-8, over 16 MiB) go to the unreadable_lines table instead, with their line numbers.
-- One thread: DuckDB 2.0's parallel reader with new_line = '\r\n' silently drops the line after a line break that is the
-- first byte of a 32 MiB buffer, and without '\r\n' it counts a CRLF as two line breaks. Only files with bad rows come
-- here, and for them one thread costs about the same (0.3 s per million lines).
CREATE OR REPLACE TEMP TABLE staged_lines AS
SELECT raw
FROM read_csv(:path,
              columns = {'raw': 'VARCHAR'}, header = false, auto_detect = false,
              delim = E'\x01\x02\x03\x04', quote = '', escape = '', strict_mode = false,
              parallel = false, new_line = '\r\n', compression = :compression,
              max_line_size = 16777216, buffer_size = 33554432,
              ignore_errors = true, store_rejects = true,
              rejects_table = 'unreadable_lines', rejects_scan = 'unreadable_line_scans')
