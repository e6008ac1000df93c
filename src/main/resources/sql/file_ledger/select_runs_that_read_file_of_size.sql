-- The successful runs (:succeeded, :succeeded_with_rejects) that read a file at :path of :size bytes, earliest first,
-- with the SHA-256 of what each read: the file is one a run read when its own SHA-256 is among them. No row means no
-- run read it, which needs no SHA-256 to know (the file's is still being computed while the run reads it).
SELECT f.run_id, f.sha256
FROM blog_analysis.ingested_files f
JOIN blog_analysis.ingestion_runs r ON r.run_id = f.run_id
WHERE f.path = :path AND f.size = :size AND r.status IN (:succeeded, :succeeded_with_rejects)
ORDER BY f.run_id
