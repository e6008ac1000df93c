-- Adds the run's valid staged rows to the warehouse. Within the run the first occurrence of an Id wins: file order, then
-- line order (a file staged by the fast reader has no line_index, and its rowids follow its lines). An Id already in the
-- table is skipped by INSERT OR IGNORE on the primary key.
INSERT OR IGNORE INTO blog_analysis.votes (Id, PostId, VoteTypeId, UserId, BountyAmount, CreationDate, IngestionRunId)
SELECT Id, PostId, VoteTypeId, UserId, BountyAmount, CreationDate, :run_id
FROM staged_votes
WHERE reason IS NULL
QUALIFY row_number() OVER (PARTITION BY Id ORDER BY file_index, line_index, rowid) = 1
