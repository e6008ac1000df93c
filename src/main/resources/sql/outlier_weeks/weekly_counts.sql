-- The one definition of the weekly counts and of an outlier week, included by outlier_weeks.sql (the view's query) and
-- select_weekly_counts.sql (the chart of 'votes serve'): every week that has votes with its count, the mean weekly
-- count, the ±20 % band around it (mean, lower and upper are for drawing), and whether the week is an outlier,
-- |1 - VoteCount / mean| > 0.2. The weeks and their counts are the table blog_analysis.weekly_vote_counts, which every
-- ingest run keeps equal to a count of the votes by week (week_keys.sql) inside its transaction
-- (weekly_counts/add_votes_of_run.sql): reading a few hundred weeks instead of grouping every vote. The mean is over the
-- weeks that have votes (weeks without votes are not rows, so they are neither counted in the mean nor listed). The
-- test is exact, in integers: with mean = total / weeks,
-- |1 - VoteCount / mean| > 0.2  <=>  5 * |total - VoteCount * weeks| > total. In no particular order.
WITH weekly_counts AS (
    SELECT Year, WeekNumber, VoteCount
    FROM blog_analysis.weekly_vote_counts
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
