-- 'votes recount': where the weekly counts table differs from a recount of the votes (votes_by_week.sql), earliest
-- week first: a week the recount has and the table lacks (VoteCount NULL), a week the table has and the recount lacks
-- (recounted NULL), and a week whose counts differ. No rows: the table is exact.
WITH recount AS (
{include weekly_counts/votes_by_week}
)
SELECT coalesce(counts.Year, recount.Year)             AS Year,
       coalesce(counts.WeekNumber, recount.WeekNumber) AS WeekNumber,
       counts.VoteCount                                AS VoteCount,
       recount.VoteCount                               AS recounted
FROM blog_analysis.weekly_vote_counts AS counts
FULL OUTER JOIN recount ON counts.Year = recount.Year AND counts.WeekNumber = recount.WeekNumber
WHERE counts.VoteCount IS DISTINCT FROM recount.VoteCount
ORDER BY Year, WeekNumber
