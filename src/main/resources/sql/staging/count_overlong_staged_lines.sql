-- How many lines read_vote_lines_of_text.sql staged are longer than 16 MiB (almost always none).
SELECT count(*) AS lines FROM staged_lines WHERE strlen(raw) > 16777216
