-- The outlier weeks, earliest first: the weeks whose vote count deviates from the mean weekly count by more than 20 %
-- (weekly_counts.sql defines them). The query of the view blog_analysis.outlier_weeks (create_outlier_weeks_view.sql)
-- and of the export's outlier_weeks.parquet (export/copy_export_outlier_weeks.sql), which include it.
SELECT Year, WeekNumber, VoteCount
FROM (
{include outlier_weeks/weekly_counts}
)
WHERE outlier
ORDER BY Year, WeekNumber
