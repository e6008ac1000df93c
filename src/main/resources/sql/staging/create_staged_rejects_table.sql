-- Connection-local: the marked records of the current run (staged_votes.marked), one row each: the line it was read
-- from (its position among the lines the reader returned, counting blank lines: insert_rejected_votes.sql turns it into
-- the line number), its raw text and the first check it fails.
CREATE OR REPLACE TEMP TABLE staged_rejects (
    file_index INTEGER NOT NULL,
    line_index BIGINT  NOT NULL,
    raw        VARCHAR,
    reason     VARCHAR NOT NULL
)
