-- The lines of text_lines (read_vote_lines_of_text.sql) that are not longer than 16 MiB, in file order, into
-- staged_lines: a line's position among them is its rowid + 1, as for read_vote_lines.sql's reader (the unreadable
-- lines before it, stage_overlong_text_lines.sql, give back its line number).
CREATE OR REPLACE TEMP TABLE staged_lines AS
SELECT raw
FROM text_lines
WHERE strlen(raw) <= 16777216
ORDER BY line_number
