-- Check ledger-vs-votes, in total: the rows the successful runs say they inserted, and the rows of the votes table.
SELECT (SELECT coalesce(sum(rows_inserted), 0) FROM blog_analysis.ingestion_runs
        WHERE status IN (:succeeded, :succeeded_with_rejects)) AS ledger_rows,
       (SELECT count(*) FROM blog_analysis.votes)                 AS votes_rows
