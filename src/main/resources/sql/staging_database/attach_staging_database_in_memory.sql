-- The run's staging database (StagingArea), in memory: create_staged_votes_table.sql creates
-- "votes.staging".main.staged_votes in it (and says why the name has a dot). Rows beyond DuckDB's memory limit spill
-- to <warehouse>.tmp, uncompressed.
ATTACH ':memory:' AS "votes.staging"
