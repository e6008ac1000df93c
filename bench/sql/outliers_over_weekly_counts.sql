-- bench/export-figures.sh: the outlier test of outlier_weeks/weekly_counts.sql (mean over the weeks that have votes,
-- 5 * |total - VoteCount * weeks| > total) applied to an export's weekly_counts.parquet ($1): it reads weeks, not votes.
WITH weekly_counts AS (
    SELECT Year, WeekNumber, VoteCount FROM read_parquet($1)
),
totals AS (
    SELECT sum(VoteCount)::HUGEINT AS total_votes, count(*)::HUGEINT AS week_count
    FROM weekly_counts
)
SELECT count(*) AS outlier_weeks
FROM weekly_counts, totals
WHERE 5 * abs(total_votes - VoteCount * week_count) > total_votes
