-- The file ledger: each input file a successful run read, by absolute path and content (size and SHA-256 of the bytes
-- on disk, compressed or not). Written inside the load transaction, so only committed runs have rows. A file whose
-- path, size and hash match a row is skipped by later runs unless --force is given.
CREATE TABLE IF NOT EXISTS blog_analysis.ingested_files (
    path        VARCHAR   NOT NULL,
    size        BIGINT    NOT NULL,
    sha256      VARCHAR   NOT NULL,
    run_id      BIGINT    NOT NULL,
    ingested_at TIMESTAMP NOT NULL,
    PRIMARY KEY (path, sha256)
)
