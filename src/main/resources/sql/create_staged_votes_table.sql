-- Connection-local: every non-blank line of the current run, typed where valid, with a reason where not.
-- line_index counts the lines the reader returned; raw is kept only for rejected lines.
CREATE OR REPLACE TEMP TABLE staged_votes (
    file_index   INTEGER NOT NULL,
    line_index   BIGINT  NOT NULL,
    Id           BIGINT,
    PostId       BIGINT,
    VoteTypeId   INTEGER,
    UserId       BIGINT,
    BountyAmount INTEGER,
    CreationDate TIMESTAMP,
    reason       VARCHAR,
    raw          VARCHAR
)
