-- Connection-local: the run's valid staged records, when none can carry an Id blog_analysis.votes holds (the Id ranges
-- do not overlap, select_known_id_range.sql). position keeps the line order within a file (rowid follows the lines).
CREATE OR REPLACE TEMP VIEW fresh_votes AS
SELECT file_index, rowid AS position, Id, PostId, VoteTypeId, UserId, BountyAmount, CreationDate
FROM "votes.staging".main.staged_votes
WHERE NOT marked
