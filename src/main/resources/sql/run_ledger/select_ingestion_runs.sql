-- The ledger, newest run first, at most :limit runs. Times are UTC; seconds is finished - started (NULL while unfinished).
SELECT run_id,
       status,
       strftime(started_at, '%Y-%m-%dT%H:%M:%SZ')                          AS started_at,
       round(date_diff('millisecond', started_at, finished_at) / 1000.0, 3) AS seconds,
       files,
       rows_read,
       rows_inserted,
       duplicates_skipped,
       rows_rejected,
       error
FROM blog_analysis.ingestion_runs
ORDER BY run_id DESC
LIMIT :limit
