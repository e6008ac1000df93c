-- Check ledger-arithmetic: the successful runs whose counts do not reconcile,
-- rows_read = rows_inserted + duplicates_skipped + rows_rejected, first run first, each with what is wrong.
SELECT run_id,
       format('rows_read {} <> rows_inserted {} + duplicates_skipped {} + rows_rejected {}',
              coalesce(CAST(rows_read AS VARCHAR), 'NULL'), coalesce(CAST(rows_inserted AS VARCHAR), 'NULL'),
              coalesce(CAST(duplicates_skipped AS VARCHAR), 'NULL'), coalesce(CAST(rows_rejected AS VARCHAR), 'NULL'))
           AS problem
FROM blog_analysis.ingestion_runs
WHERE status IN (:succeeded, :succeeded_with_rejects)
  AND rows_read IS DISTINCT FROM rows_inserted + duplicates_skipped + rows_rejected
ORDER BY run_id
