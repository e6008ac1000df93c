-- The bare engine's load, after the tool's own catalog/create_schema.sql and catalog/create_votes_table.sql (bench/run
-- puts them in front, so the table, its typed columns and primary key are the tool's): DuckDB's JSON reader with typed
-- columns and INSERT OR IGNORE, with no validation, no quarantine, no ledger. $1 = the JSON-lines file.
INSERT OR IGNORE INTO blog_analysis.votes
SELECT Id, PostId, VoteTypeId, UserId, BountyAmount, CreationDate, 1
FROM read_json($1, format = 'newline_delimited', ignore_errors = true,
               columns = {'Id': 'BIGINT', 'PostId': 'BIGINT', 'VoteTypeId': 'INTEGER', 'UserId': 'BIGINT',
                          'BountyAmount': 'INTEGER', 'CreationDate': 'TIMESTAMP'})
WHERE Id IS NOT NULL AND PostId IS NOT NULL AND VoteTypeId IS NOT NULL AND CreationDate IS NOT NULL
;
CHECKPOINT
