-- Adds, for each Id that several valid records of the run carry (repeated_ids) and the table does not hold yet, the
-- first of them: file order, then line order (within a file rowid follows the lines).
INSERT INTO blog_analysis.votes (Id, PostId, VoteTypeId, UserId, BountyAmount, CreationDate, IngestionRunId)
SELECT Id, PostId, VoteTypeId, UserId, BountyAmount, CreationDate, :run_id
FROM staged_votes AS staged
WHERE NOT marked
  AND Id IN (SELECT Id FROM repeated_ids)
  AND NOT EXISTS (SELECT 1 FROM blog_analysis.votes AS known WHERE known.Id = staged.Id)
QUALIFY row_number() OVER (PARTITION BY Id ORDER BY file_index, rowid) = 1
