-- Connection-local: the run's valid staged records whose Id blog_analysis.votes does not hold yet
-- (create_staged_ids_not_held_table.sql), when the Id ranges overlap; the steps after it (create_repeated_ids_table.sql,
-- insert_new_votes.sql, insert_first_of_repeated_votes.sql) read them through create_fresh_votes_view_of_not_held.sql.
-- position keeps the line order within a file.
CREATE OR REPLACE TEMP TABLE staged_votes_not_held AS
SELECT file_index, rowid AS position, Id, PostId, VoteTypeId, UserId, BountyAmount, CreationDate
FROM "votes.staging".main.staged_votes
WHERE NOT marked
  AND Id IN (SELECT Id FROM staged_ids_not_held)
