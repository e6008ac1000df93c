-- Records a file the run read ($1 path, $2 size, $3 sha256, $4 run, $5 UTC clock time, $6 format as read, e.g. csv+gzip);
-- inside the load transaction, so
-- it commits with the data. A file read again with --force keeps the row of the run that first read it.
INSERT OR IGNORE INTO blog_analysis.ingested_files (path, size, sha256, run_id, ingested_at, format)
VALUES ($1, $2, $3, $4, CAST($5 AS TIMESTAMP), $6)
