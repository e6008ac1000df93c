-- Check outlier-view: the rows where the view blog_analysis.outlier_weeks differs from a recomputation, earliest first.
-- The recomputation follows the view's definition (outlier_weeks/weekly_counts.sql) by other means, so that a mistake in
-- either shows: the week number is computed arithmetically, (day of year + 7 - ISO weekday) // 7, which equals
-- strftime %W (weeks start on Monday, the days before a year's first Monday are week 0); the mean is over the weeks
-- that have votes, via window functions; and |1 - VoteCount / mean| > 0.2 is tested as VoteCount < 0.8 mean or
-- VoteCount > 1.2 mean, in integers: 10 * VoteCount * weeks < 8 * total or > 12 * total.
WITH weekly_counts AS (
    SELECT year(CreationDate)                                          AS Year,
           (dayofyear(CreationDate) + 7 - isodow(CreationDate)) // 7   AS WeekNumber,
           count(*)                                                    AS VoteCount
    FROM blog_analysis.votes
    GROUP BY ALL
),
with_totals AS (
    SELECT Year, WeekNumber, VoteCount,
           sum(VoteCount) OVER ()::HUGEINT AS total,
           count(*) OVER ()::HUGEINT       AS weeks
    FROM weekly_counts
),
expected AS (
    SELECT Year, WeekNumber, VoteCount
    FROM with_totals
    WHERE 10 * VoteCount * weeks < 8 * total OR 10 * VoteCount * weeks > 12 * total
),
actual AS (
    SELECT Year, WeekNumber, VoteCount FROM blog_analysis.outlier_weeks
)
SELECT Year, WeekNumber, VoteCount, difference
FROM (
    SELECT *, 'is an outlier week but missing from the view' AS difference
    FROM (SELECT * FROM expected EXCEPT ALL SELECT * FROM actual)
    UNION ALL
    SELECT *, 'is in the view but is not an outlier week' AS difference
    FROM (SELECT * FROM actual EXCEPT ALL SELECT * FROM expected)
)
ORDER BY Year, WeekNumber, VoteCount, difference
