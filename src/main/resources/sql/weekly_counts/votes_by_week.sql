-- Every week that has votes with its number of votes, counted afresh from blog_analysis.votes: the recount the weekly
-- counts table must equal; by day, then by week (weeks_of_days.sql). A vote without a CreationDate is in no week (the
-- votes table allows none; the check required-values reports one). In no particular order.
WITH days AS (
    SELECT CAST(CreationDate AS DATE) AS CreationDate, count(*) AS VoteCount
    FROM blog_analysis.votes
    WHERE CreationDate IS NOT NULL
    GROUP BY ALL
)
{include weekly_counts/weeks_of_days}
