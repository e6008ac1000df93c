-- Every week's vote count, earliest first, with the mean weekly count, the ±20 % band around it, and whether the week
-- is an outlier: the chart of 'votes serve'. Weeks and the test are those of the view blog_analysis.outlier_weeks
-- (create_outlier_weeks_view.sql): (year, strftime %W), the mean over the weeks that have votes, and the exact integer
-- form of |1 - VoteCount / mean| > 0.2, 5 * |total - VoteCount * weeks| > total. mean, lower and upper are for drawing.
WITH weekly_counts AS (
    SELECT CAST(strftime(CreationDate, '%Y') AS INTEGER) AS Year,
           CAST(strftime(CreationDate, '%W') AS INTEGER) AS WeekNumber,
           count(*)                                      AS VoteCount
    FROM blog_analysis.votes
    GROUP BY ALL
),
totals AS (
    SELECT sum(VoteCount)::HUGEINT AS total_votes, count(*)::HUGEINT AS week_count
    FROM weekly_counts
)
SELECT Year,
       WeekNumber,
       VoteCount,
       total_votes::DOUBLE / week_count::DOUBLE       AS mean,
       0.8 * total_votes::DOUBLE / week_count::DOUBLE AS lower,
       1.2 * total_votes::DOUBLE / week_count::DOUBLE AS upper,
       5 * abs(total_votes - VoteCount * week_count) > total_votes AS outlier
FROM weekly_counts, totals
ORDER BY Year, WeekNumber
