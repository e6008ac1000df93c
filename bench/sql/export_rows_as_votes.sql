-- bench/export-figures.sh: an export's rows as blog_analysis.votes in an in-memory database ($1: the glob of the export's
-- votes/ files), so that the tool's own outlier_weeks/create_outlier_weeks_view.sql, appended after this, runs over the
-- Parquet files.
SET VARIABLE votes_glob = $1
;
CREATE SCHEMA blog_analysis
;
CREATE VIEW blog_analysis.votes AS
SELECT * FROM read_parquet(getvariable('votes_glob'), hive_partitioning = true)
;
