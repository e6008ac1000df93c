-- The bare engine's load, after the tool's own catalog/create_schema.sql (bench/run puts it in front): the table a user
-- would write (the tool's columns and types, a PRIMARY KEY on Id, which INSERT OR IGNORE needs; the tool's own table
-- keeps Ids unique without one, see catalog/create_votes_table.sql), then DuckDB's JSON reader with typed columns and
-- INSERT OR IGNORE, with no validation, no quarantine, no ledger. $1 = the JSON-lines file.
CREATE TABLE IF NOT EXISTS blog_analysis.votes (
    Id             BIGINT    PRIMARY KEY,
    PostId         BIGINT    NOT NULL,
    VoteTypeId     INTEGER   NOT NULL,
    UserId         BIGINT,
    BountyAmount   INTEGER,
    CreationDate   TIMESTAMP NOT NULL,
    IngestionRunId BIGINT    NOT NULL
)
;
INSERT OR IGNORE INTO blog_analysis.votes
SELECT Id, PostId, VoteTypeId, UserId, BountyAmount, CreationDate, 1
FROM read_json($1, format = 'newline_delimited', ignore_errors = true,
               columns = {'Id': 'BIGINT', 'PostId': 'BIGINT', 'VoteTypeId': 'INTEGER', 'UserId': 'BIGINT',
                          'BountyAmount': 'INTEGER', 'CreationDate': 'TIMESTAMP'})
WHERE Id IS NOT NULL AND PostId IS NOT NULL AND VoteTypeId IS NOT NULL AND CreationDate IS NOT NULL
;
CHECKPOINT
