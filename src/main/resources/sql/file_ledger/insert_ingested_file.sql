-- Records a file the run read (:path, :size, :sha256, the run :run_id, :ingested_at the UTC clock time, :format as read, e.g. csv+gzip);
-- inside the load transaction, so
-- it commits with the data. A file read again with --force keeps the row of the run that first read it.
INSERT OR IGNORE INTO blog_analysis.ingested_files (path, size, sha256, run_id, ingested_at, format)
VALUES (:path, :size, :sha256, :run_id, CAST(:ingested_at AS TIMESTAMP), :format)
