-- The successful run (:succeeded, :succeeded_with_rejects) that already read this exact file (:path, :size, :sha256),
-- or no row.
SELECT f.run_id
FROM blog_analysis.ingested_files f
JOIN blog_analysis.ingestion_runs r ON r.run_id = f.run_id
WHERE f.path = :path AND f.size = :size AND f.sha256 = :sha256 AND r.status IN (:succeeded, :succeeded_with_rejects)
ORDER BY f.run_id
LIMIT 1
