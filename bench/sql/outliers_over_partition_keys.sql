-- bench/export-figures.sh: the outlier test over an export partitioned by year,week ($1: the glob of its votes/ files),
-- with the weeks taken from the hive paths instead of strftime over CreationDate: DuckDB counts the rows per file.
WITH weekly_counts AS (
    SELECT Year, WeekNumber, count(*) AS VoteCount
    FROM read_parquet($1, hive_partitioning = true)
    GROUP BY ALL
),
totals AS (
    SELECT sum(VoteCount)::HUGEINT AS total_votes, count(*)::HUGEINT AS week_count
    FROM weekly_counts
)
SELECT count(*) AS outlier_weeks
FROM weekly_counts, totals
WHERE 5 * abs(total_votes - VoteCount * week_count) > total_votes
