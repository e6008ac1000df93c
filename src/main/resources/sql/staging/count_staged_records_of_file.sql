-- What is staged for the file :file_index: its records (staged rows and unreadable lines) and how many of them are valid. The JSON
-- reader (stage_vote_records.sql) and the line-by-line reader (read_vote_lines.sql + stage_vote_lines.sql) must find
-- as many records in a file, and the line reader no fewer valid ones: when they do not, they saw different lines (a
-- carriage return inside a line), and the file is rejected as a whole rather than misnumbered.
SELECT (SELECT count(*) FROM "votes.staging".main.staged_votes WHERE file_index = :file_index)
           + (SELECT count(*) FROM staged_unreadable_lines WHERE file_index = :file_index)   AS records,
       (SELECT count(*) FROM "votes.staging".main.staged_votes WHERE file_index = :file_index AND NOT marked) AS valid
