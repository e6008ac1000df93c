-- votes export: the outlier weeks as one Parquet file :path, earliest first. The query is the one of the view
-- blog_analysis.outlier_weeks (outlier_weeks/outlier_weeks.sql, which the view's statement includes too), so the export
-- needs neither the view nor write access to the warehouse, and there is one definition of an outlier week.
COPY (
{include outlier_weeks/outlier_weeks}
) TO :path (FORMAT parquet)
