-- The lines read_vote_lines_of_text.sql staged that are longer than 16 MiB, as DuckDB's CSV reader reports them
-- (read_vote_lines.sql, max_line_size): unreadable lines of file :file_index with their line numbers (rowid + 1) and the
-- first 10,000 characters of their text, into staged_unreadable_lines; keep_text_lines.sql then leaves them out of
-- staged_lines.
INSERT INTO staged_unreadable_lines
SELECT :file_index, rowid + 1, row_number() OVER (ORDER BY rowid), left(raw, 10000), 'line longer than 16 MiB'
FROM staged_lines
WHERE strlen(raw) > 16777216
