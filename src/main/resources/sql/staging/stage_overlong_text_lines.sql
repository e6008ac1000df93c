-- The lines of text_lines (read_vote_lines_of_text.sql) longer than 16 MiB, as DuckDB's CSV reader reports them
-- (read_vote_lines.sql, max_line_size): unreadable lines of file :file_index with their line numbers and the first 10,000
-- characters of their text, which keep_text_lines.sql then leaves out of staged_lines.
INSERT INTO staged_unreadable_lines
SELECT :file_index, line_number, row_number() OVER (ORDER BY line_number), left(raw, 10000), 'line longer than 16 MiB'
FROM text_lines
WHERE strlen(raw) > 16777216
