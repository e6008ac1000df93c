-- The staged lines without those over 16 MiB (keep_text_lines.sql) become staged_lines, in file order.
CREATE OR REPLACE TEMP TABLE staged_lines AS
SELECT raw
FROM text_lines
ORDER BY rowid
