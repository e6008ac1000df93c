-- Whether locate_rejected_lines.sql mapped the marked records of the file :file_index to their true lines: the file's
-- non-blank lines (as the line reader returned them) and its staged records must be as many, and every located line must
-- fail a check and carry the record's Id (both NULL for a line that is not a JSON object). misplaced > 0 or lines <>
-- records means the two readers split the file differently: it is then staged again line by line.
SELECT (SELECT count(*) FROM located_rejects WHERE reason IS NULL OR line_id IS DISTINCT FROM record_id) AS misplaced,
       (SELECT count(*) FROM staged_lines WHERE NOT blank_line(raw)) AS lines,
       (SELECT count(*) FROM "votes.staging".main.staged_votes WHERE file_index = :file_index) AS records
