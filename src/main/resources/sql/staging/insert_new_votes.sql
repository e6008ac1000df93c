-- Adds the run's new valid records (fresh_votes: none carries an Id the table holds) whose Id no other record of the
-- run carries (repeated_ids). With nothing left to conflict, a plain INSERT loads in parallel, where INSERT OR IGNORE
-- checks each row against the key one by one (several times slower on a large load, see PERFORMANCE.md). The table
-- has no declared primary key (catalog/create_votes_table.sql says why): these anti-joins, the one of
-- create_staged_votes_not_held_table.sql (or Id ranges that do not overlap), and one writer at a time keep its Ids
-- unique, and 'votes check' proves it.
INSERT INTO blog_analysis.votes (Id, PostId, VoteTypeId, UserId, BountyAmount, CreationDate, IngestionRunId)
SELECT Id, PostId, VoteTypeId, UserId, BountyAmount, CreationDate, :run_id
FROM fresh_votes AS fresh
WHERE NOT EXISTS (SELECT 1 FROM repeated_ids WHERE repeated_ids.Id = fresh.Id)
