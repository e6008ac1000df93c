-- Adds, for each Id that several new valid records of the run carry (repeated_ids), the first of them: file order, then
-- line order (position).
INSERT INTO blog_analysis.votes (Id, PostId, VoteTypeId, UserId, BountyAmount, CreationDate, IngestionRunId)
SELECT Id, PostId, VoteTypeId, UserId, BountyAmount, CreationDate, :run_id
FROM fresh_votes
WHERE Id IN (SELECT Id FROM repeated_ids)
QUALIFY row_number() OVER (PARTITION BY Id ORDER BY file_index, position) = 1
