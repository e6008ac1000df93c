-- Where the weekly counts table differs from a CTE 'recount' (Year, WeekNumber, VoteCount), earliest week first: a week
-- the recount has and the table lacks (VoteCount NULL), a week the table has and the recount lacks (recounted NULL),
-- and a week whose counts differ. No rows: the table equals the recount. Included by select_recount_changes.sql ('votes
-- recount') and checks/check_weekly_vote_counts.sql, which count the votes each their own way.
SELECT coalesce(counts.Year, recount.Year)             AS Year,
       coalesce(counts.WeekNumber, recount.WeekNumber) AS WeekNumber,
       counts.VoteCount                                AS VoteCount,
       recount.VoteCount                               AS recounted
FROM blog_analysis.weekly_vote_counts AS counts
FULL OUTER JOIN recount ON counts.Year = recount.Year AND counts.WeekNumber = recount.WeekNumber
WHERE counts.VoteCount IS DISTINCT FROM recount.VoteCount
ORDER BY Year, WeekNumber
