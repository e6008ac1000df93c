-- Frees the text of a file read by read_vote_lines_of_text.sql once keep_text_lines.sql has staged it.
DROP TABLE IF EXISTS text_lines
