-- Quarantines a whole file its reader could not read at all ($1 = its position in the run, $2 = the reason), as one
-- rejected record at line 0: the run's other files still load.
INSERT INTO staged_unreadable_lines (file_index, line_number, ordinal, raw, reason)
VALUES ($1, 0, 0, NULL, $2)
