-- Quarantines a whole file its reader could not read at all (:file_index its position in the run, :reason), as one
-- rejected record at line 0: the run's other files still load.
INSERT INTO staged_unreadable_lines (file_index, line_number, ordinal, raw, reason)
VALUES (:file_index, 0, 0, NULL, :reason)
