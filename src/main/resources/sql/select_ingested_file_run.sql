-- The successful run that already read this exact file ($1 path, $2 size, $3 sha256), or no row.
SELECT f.run_id
FROM blog_analysis.ingested_files f
JOIN blog_analysis.ingestion_runs r ON r.run_id = f.run_id
WHERE f.path = $1 AND f.size = $2 AND f.sha256 = $3 AND r.status IN ('succeeded', 'succeeded_with_rejects')
ORDER BY f.run_id
LIMIT 1
