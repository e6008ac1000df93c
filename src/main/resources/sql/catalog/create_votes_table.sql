-- One row per vote event, keyed by the source's Id. IngestionRunId is lineage: the run that first loaded the row.
CREATE TABLE IF NOT EXISTS blog_analysis.votes (
    Id             BIGINT    PRIMARY KEY,
    PostId         BIGINT    NOT NULL,
    VoteTypeId     INTEGER   NOT NULL,
    UserId         BIGINT,
    BountyAmount   INTEGER,
    CreationDate   TIMESTAMP NOT NULL,
    IngestionRunId BIGINT    NOT NULL
)
