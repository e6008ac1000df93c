-- One row per vote event, keyed by the source's Id: no two rows share an Id. IngestionRunId is lineage: the run that
-- first loaded the row. The key is kept by the load, not by a declared PRIMARY KEY: every load anti-joins its rows
-- against the table before a plain INSERT (staging/insert_new_votes.sql), one writer at a time (DuckDB's file lock;
-- 'votes serve' runs one load at a time), and 'votes check' proves it (checks/check_vote_ids_unique.sql). DuckDB holds a
-- primary key's index wholly in memory: at the default 768 MB memory limit a load of 100 M votes fails with "Out of
-- Memory" with one (the bare engine's INSERT OR IGNORE too), and loads in 73 s without (PERFORMANCE.md, scale). A
-- warehouse made before keeps its PRIMARY KEY, which the loads respect as well.
CREATE TABLE IF NOT EXISTS blog_analysis.votes (
    Id             BIGINT    NOT NULL,
    PostId         BIGINT    NOT NULL,
    VoteTypeId     INTEGER   NOT NULL,
    UserId         BIGINT,
    BountyAmount   INTEGER,
    CreationDate   TIMESTAMP NOT NULL,
    IngestionRunId BIGINT    NOT NULL
)
