-- Frees text_lines once replace_staged_lines_with_text_lines.sql has copied it.
DROP TABLE IF EXISTS text_lines
