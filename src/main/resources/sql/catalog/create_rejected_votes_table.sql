-- Quarantine: every input line a run refused, as read, with the reason. Nothing is dropped silently.
CREATE TABLE IF NOT EXISTS blog_analysis.rejected_votes (
    run_id      BIGINT  NOT NULL,
    source_file VARCHAR NOT NULL,
    line_number BIGINT  NOT NULL,
    raw         VARCHAR,
    reason      VARCHAR NOT NULL
)
