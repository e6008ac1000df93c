-- Check ledger-vs-votes, per run: the runs where the votes table and the ledger disagree, first run first, each with what
-- is wrong. A successful run must own exactly rows_inserted rows (by IngestionRunId); any other run, none; and every
-- IngestionRunId must be a run of the ledger.
WITH loaded AS (
    SELECT IngestionRunId AS run_id, count(*) AS row_count
    FROM blog_analysis.votes
    WHERE IngestionRunId IS NOT NULL
    GROUP BY ALL
)
SELECT coalesce(runs.run_id, loaded.run_id) AS run_id,
       CASE
           WHEN runs.run_id IS NULL
               THEN format('the votes table holds {} of its rows, but the ledger has no such run', loaded.row_count)
           WHEN runs.status NOT IN (:succeeded, :succeeded_with_rejects)
               THEN format('the votes table holds {} of its rows, but its status is {}', loaded.row_count, runs.status)
           ELSE format('the ledger says rows_inserted {}, but the votes table holds {} of its rows',
                       coalesce(CAST(runs.rows_inserted AS VARCHAR), 'NULL'), coalesce(loaded.row_count, 0))
       END AS problem
FROM blog_analysis.ingestion_runs AS runs
FULL OUTER JOIN loaded ON runs.run_id = loaded.run_id
WHERE runs.run_id IS NULL
   OR (runs.status NOT IN (:succeeded, :succeeded_with_rejects) AND loaded.row_count > 0)
   OR (runs.status IN (:succeeded, :succeeded_with_rejects)
       AND runs.rows_inserted IS DISTINCT FROM coalesce(loaded.row_count, 0))
ORDER BY run_id
