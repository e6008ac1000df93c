-- The bare engine's outliers: the view a user would write over the votes table (the Python script's,
-- bench/python/votes_script.py), every vote grouped by week, through plain JDBC. The tool's view reads the weekly counts
-- each load keeps (weekly_vote_counts) instead; this is what answering from the rows costs.
CREATE OR REPLACE VIEW blog_analysis.outlier_weeks AS
WITH weekly AS (
    SELECT CAST(strftime(CreationDate, '%Y') AS INTEGER) AS Year,
           CAST(strftime(CreationDate, '%W') AS INTEGER) AS WeekNumber,
           count(*) AS VoteCount
    FROM blog_analysis.votes
    GROUP BY ALL
)
SELECT Year, WeekNumber, VoteCount
FROM weekly
WHERE abs(1 - VoteCount / (SELECT avg(VoteCount) FROM weekly)) > 0.2
ORDER BY Year, WeekNumber
;
SELECT Year, WeekNumber, VoteCount FROM blog_analysis.outlier_weeks ORDER BY Year, WeekNumber
