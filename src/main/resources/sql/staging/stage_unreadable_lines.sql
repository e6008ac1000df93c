-- Copies the lines the reader could not return for the file :file_index from its rejects table into staged_unreadable_lines (the
-- JSON-lines line reader and the CSV/TSV reader both write that table; a CSV line can appear once per bad column).
-- The rejects table holds only this file's lines: it is emptied after every file (clear_unreadable_lines).
-- After a CRLF line break DuckDB gives the next line with the LF in front: it is cut off (no line starts with one).
INSERT INTO staged_unreadable_lines
SELECT :file_index, line, row_number() OVER (ORDER BY line), ltrim(any_value(csv_line), chr(10)),
       CASE any_value(error_type)
           WHEN 'INVALID ENCODING' THEN 'invalid UTF-8'
           WHEN 'LINE SIZE OVER MAXIMUM' THEN 'line longer than 16 MiB'
           WHEN 'TOO MANY COLUMNS' THEN 'more fields than the header names'
           WHEN 'MISSING COLUMNS' THEN 'fewer fields than the header names'
           WHEN 'UNQUOTED VALUE' THEN 'a quote inside an unquoted field'
           ELSE 'unreadable line: ' || any_value(error_message)
       END
FROM unreadable_lines
GROUP BY line
