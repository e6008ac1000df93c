-- The lines staged_lines holds that are not longer than 16 MiB, in file order, into text_lines, which
-- replace_staged_lines_with_text_lines.sql makes the new staged_lines: a line's position among them is its rowid + 1, as
-- for read_vote_lines.sql's reader (the unreadable lines before it, stage_overlong_text_lines.sql, give back its number).
CREATE OR REPLACE TEMP TABLE text_lines AS
SELECT raw
FROM staged_lines
WHERE strlen(raw) <= 16777216
ORDER BY rowid
