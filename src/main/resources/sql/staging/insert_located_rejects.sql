-- Keeps what locate_rejected_lines.sql found (after count_misplaced_rejects.sql found it true) as the rejects of the
-- file :file_index: line position, raw text and reason of each marked record.
INSERT INTO staged_rejects (file_index, line_index, raw, reason)
SELECT :file_index, line_index, raw, reason
FROM located_rejects
ORDER BY line_index
