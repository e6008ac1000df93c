-- Weeks whose vote count deviates from the mean weekly count by more than 20 %: |1 - VoteCount / mean| > 0.2.
-- Weeks are (year, strftime %W): they start on Monday and the days before a year's first Monday are week 0.
-- The mean is over the weeks that have votes (weeks without votes are not rows of the table, so they are neither
-- counted in the mean nor listed). It is compared exactly, in integers: with mean = total / weeks,
-- |1 - VoteCount / mean| > 0.2  <=>  5 * |total - VoteCount * weeks| > total.
CREATE OR REPLACE VIEW blog_analysis.outlier_weeks AS
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
SELECT Year, WeekNumber, VoteCount
FROM weekly_counts, totals
WHERE 5 * abs(total_votes - VoteCount * week_count) > total_votes
ORDER BY Year, WeekNumber
