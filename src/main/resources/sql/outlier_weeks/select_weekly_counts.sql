-- Every week's vote count, earliest first, with the mean weekly count, the ±20 % band around it, and whether the week
-- is an outlier: the chart of 'votes serve'. Weeks, mean and test are those of the view blog_analysis.outlier_weeks:
-- both include weekly_counts.sql.
SELECT *
FROM (
{include outlier_weeks/weekly_counts}
)
ORDER BY Year, WeekNumber
