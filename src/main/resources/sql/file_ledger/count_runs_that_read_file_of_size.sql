-- How many successful runs (:succeeded, :succeeded_with_rejects) read a file at :path of :size bytes: when none did, the
-- file cannot be one they read, and its SHA-256 is not needed to know it (select_ingested_file_run.sql needs it).
SELECT count(*)
FROM blog_analysis.ingested_files f
JOIN blog_analysis.ingestion_runs r ON r.run_id = f.run_id
WHERE f.path = :path AND f.size = :size AND r.status IN (:succeeded, :succeeded_with_rejects)
