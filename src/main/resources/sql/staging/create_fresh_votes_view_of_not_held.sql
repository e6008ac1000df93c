-- Connection-local: the run's valid staged records whose Id the table does not hold
-- (create_staged_votes_not_held_table.sql), when the Id ranges overlap.
CREATE OR REPLACE TEMP VIEW fresh_votes AS
SELECT file_index, position, Id, PostId, VoteTypeId, UserId, BountyAmount, CreationDate
FROM staged_votes_not_held
