-- The bare engine's load: the same table (typed columns, primary key on Id) filled by DuckDB's JSON reader and
-- INSERT OR IGNORE, with no validation, no quarantine, no ledger. $1 = the JSON-lines file.
CREATE SCHEMA IF NOT EXISTS blog_analysis
;
CREATE TABLE IF NOT EXISTS blog_analysis.votes (
    Id BIGINT PRIMARY KEY,
    PostId BIGINT NOT NULL,
    VoteTypeId INTEGER NOT NULL,
    UserId BIGINT,
    BountyAmount INTEGER,
    CreationDate TIMESTAMP NOT NULL,
    IngestionRunId BIGINT NOT NULL
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
