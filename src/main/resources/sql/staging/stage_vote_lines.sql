-- Stages one file line by line from staged_lines (:file_index its position in the run; :earliest and :latest the
-- plausible CreationDates as text, as in stage_vote_records.sql): every non-blank line becomes one staged record, in line
-- order, typed and checked by classified_lines.sql; a line that fails a check is only marked, and
-- locate_rejected_lines.sql then gives it its line number, raw text and reason. Files in formats other than JSON lines,
-- and JSON-lines files the fast reader (stage_vote_records.sql) could not stage truly, come this way.
INSERT INTO "votes.staging".main.staged_votes (file_index, Id, PostId, VoteTypeId, UserId, BountyAmount, CreationDate, marked)
WITH lines AS (
    SELECT rowid + 1 AS line_index, raw
    FROM staged_lines
),
{include staging/classified_lines}
SELECT :file_index, Id, PostId, TRY_CAST(VoteTypeId AS INTEGER), UserId, TRY_CAST(BountyAmount AS INTEGER), CreationDate,
       reason IS NOT NULL
FROM classified
ORDER BY line_index
