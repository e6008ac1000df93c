-- The bare engine's load, after the tool's own catalog/create_schema.sql, catalog/create_votes_table.sql and
-- catalog/create_weekly_vote_counts_table.sql (bench/run puts them in front, so the tables, their typed columns and
-- primary keys are the tool's): DuckDB's JSON reader with typed columns and INSERT OR IGNORE, with no validation, no
-- quarantine, no ledger. $1 = the JSON-lines file. A load's rows get the next IngestionRunId, so that the tool's own
-- weekly_counts/add_votes_of_run.sql, which bench/run appends with :run_id as getvariable('run_id'), counts exactly
-- the rows this load inserted.
SET VARIABLE run_id = (SELECT coalesce(max(IngestionRunId), 0) + 1 FROM blog_analysis.votes)
;
INSERT OR IGNORE INTO blog_analysis.votes
SELECT Id, PostId, VoteTypeId, UserId, BountyAmount, CreationDate, getvariable('run_id')
FROM read_json($1, format = 'newline_delimited', ignore_errors = true,
               columns = {'Id': 'BIGINT', 'PostId': 'BIGINT', 'VoteTypeId': 'INTEGER', 'UserId': 'BIGINT',
                          'BountyAmount': 'INTEGER', 'CreationDate': 'TIMESTAMP'})
WHERE Id IS NOT NULL AND PostId IS NOT NULL AND VoteTypeId IS NOT NULL AND CreationDate IS NOT NULL
