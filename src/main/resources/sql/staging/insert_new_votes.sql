-- Adds the run's valid records whose Id no other record of the run carries (repeated_ids) and the table does not hold
-- yet. The anti-joins do what INSERT OR IGNORE would, up front: with nothing left to conflict, a plain INSERT loads in
-- parallel, where INSERT OR IGNORE checks each row against the key one by one (several times slower on a large load,
-- see PERFORMANCE.md). The table has no declared primary key (catalog/create_votes_table.sql says why): these
-- anti-joins are what keeps its Ids unique, and 'votes check' proves it.
INSERT INTO blog_analysis.votes (Id, PostId, VoteTypeId, UserId, BountyAmount, CreationDate, IngestionRunId)
SELECT Id, PostId, VoteTypeId, UserId, BountyAmount, CreationDate, :run_id
FROM staged_votes AS staged
WHERE NOT marked
  AND NOT EXISTS (SELECT 1 FROM repeated_ids WHERE repeated_ids.Id = staged.Id)
  AND NOT EXISTS (SELECT 1 FROM blog_analysis.votes AS known WHERE known.Id = staged.Id)
