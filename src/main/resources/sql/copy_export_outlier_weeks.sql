-- votes export: the outlier weeks as one Parquet file $1, earliest first. export_outlier_weeks is a temporary view whose
-- query is the one of create_outlier_weeks_view.sql, taken from that file (ExportService), so the export needs neither
-- the view nor write access to the warehouse, and there is one definition of an outlier week.
COPY (SELECT Year, WeekNumber, VoteCount FROM export_outlier_weeks ORDER BY Year, WeekNumber) TO $1 (FORMAT parquet)
