-- Connection-local: the Ids that more than one new valid record of the run carries (fresh_votes: within a file or
-- across files), for insert_new_votes.sql and insert_first_of_repeated_votes.sql; filled by insert_repeated_ids.sql.
-- Usually a small share of the run.
CREATE OR REPLACE TEMP TABLE repeated_ids (
    Id BIGINT NOT NULL
)
