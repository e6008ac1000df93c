-- The weeks of a CTE 'days' (CreationDate a DATE, VoteCount the votes of that day), each with its number of votes: the
-- week of a day is the week of each of its timestamps, so the definition (outlier_weeks/week_keys.sql, strftime %Y and
-- %W) runs once per day instead of once per vote (55 ms instead of 340 ms at 10 M votes). Included by votes_by_week.sql
-- (every vote) and add_votes_of_run.sql (one run's votes), which count the days. In no particular order.
SELECT
{include outlier_weeks/week_keys},
       CAST(sum(VoteCount) AS BIGINT) AS VoteCount
FROM days
GROUP BY ALL
