-- Connection-local: the Ids that more than one valid record of the run carries (within a file or across files), for
-- insert_new_votes.sql and insert_first_of_repeated_votes.sql. Usually a small share of the run.
CREATE OR REPLACE TEMP TABLE repeated_ids AS
SELECT Id
FROM staged_votes
WHERE NOT marked
GROUP BY Id
HAVING count(*) > 1
