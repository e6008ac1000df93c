-- Reads one CSV or TSV file (:path, :delimiter, its :compression) with a header line naming the fields, in
-- any order, every value as text; each record becomes a JSON object keyed by the header's names in staged_lines, in file
-- order, so stage_vote_lines.sql types and checks it like a JSON line (a field the header lacks is missing, an extra one
-- is reported as unknown). A record's line number is its rowid + 2 (one line per record; the header is line 1). Lines
-- with fewer or more fields than the header names, or broken quoting, go to the unreadable_lines table with their line
-- numbers (null_padding would make a surplus field a column of its own). comment = '': DuckDB's sniffer would otherwise take
-- a record starting with # for a comment and drop it unread and uncounted.
CREATE OR REPLACE TEMP TABLE staged_lines AS
SELECT to_json(record)::VARCHAR AS raw
FROM read_csv(:path, header = true, all_varchar = true, delim = :delimiter, quote = '"', escape = '"', compression = :compression,
              null_padding = false, comment = '', max_line_size = 16777216,
              ignore_errors = true, store_rejects = true,
              rejects_table = 'unreadable_lines', rejects_scan = 'unreadable_line_scans') AS record
