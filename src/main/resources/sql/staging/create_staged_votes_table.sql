-- In the run's staging database ("votes.staging", in memory or a file of its own: StagingArea): every record of the
-- current run, typed where valid, in file order (rows are only ever appended, a file's records in one statement and in
-- line order, so within a file rowid follows the lines: the n-th record of a file is its n-th non-blank line). marked:
-- the record failed a check; its line number, raw text and reason are in staged_rejects (locate_rejected_lines.sql).
-- Narrow on purpose: a 10 M-record run holds it under the memory limit. The staging database's name has a dot so that it
-- can never be the warehouse's own (DuckDB names a database file by its name up to the first dot: votes.db is "votes"),
-- and the table is named in full (catalog.schema.table) so that no schema of the warehouse can make it ambiguous.
CREATE OR REPLACE TABLE "votes.staging".main.staged_votes (
    file_index   INTEGER NOT NULL,
    Id           BIGINT,
    PostId       BIGINT,
    VoteTypeId   INTEGER,
    UserId       BIGINT,
    BountyAmount INTEGER,
    CreationDate TIMESTAMP,
    marked       BOOLEAN NOT NULL
)
