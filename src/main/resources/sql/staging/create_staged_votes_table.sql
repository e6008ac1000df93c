-- Connection-local: every non-blank line of the current run, typed where valid, with a reason where not, in file order
-- (rows are only ever appended in order, so within a file rowid follows the lines). line_index and raw are set only for
-- files staged line by line (stage_vote_lines.sql): line_index counts the lines the reader returned; raw is kept only
-- for rejected lines.
CREATE OR REPLACE TEMP TABLE staged_votes (
    file_index   INTEGER NOT NULL,
    line_index   BIGINT,
    Id           BIGINT,
    PostId       BIGINT,
    VoteTypeId   INTEGER,
    UserId       BIGINT,
    BountyAmount INTEGER,
    CreationDate TIMESTAMP,
    reason       VARCHAR,
    raw          VARCHAR
)
