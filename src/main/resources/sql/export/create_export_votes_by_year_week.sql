-- votes export, --partition-by year,week, step 1: as create_export_votes_by_year.sql (the same Year and WeekNumber as
-- the view blog_analysis.outlier_weeks), in the order the rows are written: by Year, WeekNumber, then Id.
CREATE OR REPLACE TEMP TABLE export_votes AS
SELECT *,
{include outlier_weeks/week_keys}
FROM blog_analysis.votes
ORDER BY Year, WeekNumber, Id
