-- Finds the lines of the marked records of the file :file_index (staged_votes.marked) in staged_lines (the file's lines
-- as its line reader returned them, staged_lines.rowid + 1 being the position) and classifies them again, one row per
-- marked record: its ordinal (the n-th record of the file), the line it maps to, the record's Id as staged and the
-- line's own Id, raw text and reason (classified_lines.sql). The n-th record of a file is its n-th non-blank line: the
-- readers skip blank lines, so the k-th blank line at position B moves every record after its B - k non-blank lines one
-- line down (blank as create_blank_line_macro.sql says). Only the marked records' lines
-- are parsed; count_misplaced_rejects.sql then checks the mapping before insert_located_rejects.sql keeps it.
-- (:earliest and :latest as in stage_vote_records.sql.)
CREATE OR REPLACE TEMP TABLE located_rejects AS
WITH file_records AS (
    SELECT rowid AS record_rowid, Id AS record_id, marked
    FROM "votes.staging".main.staged_votes
    WHERE file_index = :file_index
),
marked_records AS (
    SELECT record_id, record_rowid - (SELECT min(record_rowid) FROM file_records) + 1 AS ordinal
    FROM file_records
    WHERE marked
),
blank_lines AS (
    SELECT line_index, row_number() OVER (ORDER BY line_index) AS blanks_so_far
    FROM (SELECT rowid + 1 AS line_index, raw FROM staged_lines)
    WHERE blank_line(raw)
),
positioned AS (
    SELECT record_id, ordinal,
           ordinal + (SELECT count(*)
                      FROM blank_lines
                      WHERE blank_lines.line_index - blank_lines.blanks_so_far < marked_records.ordinal) AS line_index
    FROM marked_records
),
lines AS (
    SELECT positioned.line_index, staged_lines.raw
    FROM positioned
    JOIN staged_lines ON staged_lines.rowid + 1 = positioned.line_index
),
{include staging/classified_lines}
SELECT positioned.ordinal, positioned.line_index, positioned.record_id, classified.Id AS line_id, classified.raw,
       classified.reason
FROM positioned
LEFT JOIN classified USING (line_index)
