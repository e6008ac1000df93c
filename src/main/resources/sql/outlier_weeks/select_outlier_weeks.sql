-- The outlier weeks, earliest first, as the view defines them.
SELECT Year, WeekNumber, VoteCount FROM blog_analysis.outlier_weeks ORDER BY Year, WeekNumber
