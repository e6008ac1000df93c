-- Check rejects: the runs where the quarantine and the ledger disagree, first run first, each with what is wrong. Every
-- quarantined line must belong to a run of the ledger that committed (a failed run commits no quarantined lines), and a
-- successful run's rows_rejected must equal its quarantined lines.
WITH quarantined AS (
    SELECT run_id, count(*) AS line_count FROM blog_analysis.rejected_votes GROUP BY ALL
)
SELECT coalesce(runs.run_id, quarantined.run_id) AS run_id,
       CASE
           WHEN runs.run_id IS NULL
               THEN format('rejected_votes holds {} of its lines, but the ledger has no such run', quarantined.line_count)
           WHEN runs.status NOT IN (:succeeded, :succeeded_with_rejects)
               THEN format('rejected_votes holds {} of its lines, but its status is {}', quarantined.line_count, runs.status)
           ELSE format('the ledger says rows_rejected {}, but rejected_votes holds {} of its lines',
                       coalesce(CAST(runs.rows_rejected AS VARCHAR), 'NULL'), coalesce(quarantined.line_count, 0))
       END AS problem
FROM blog_analysis.ingestion_runs AS runs
FULL OUTER JOIN quarantined ON runs.run_id = quarantined.run_id
WHERE runs.run_id IS NULL
   OR (runs.status NOT IN (:succeeded, :succeeded_with_rejects) AND quarantined.line_count > 0)
   OR (runs.status IN (:succeeded, :succeeded_with_rejects)
       AND runs.rows_rejected IS DISTINCT FROM coalesce(quarantined.line_count, 0))
ORDER BY run_id
