-- The comment on blog_analysis.outlier_weeks, which names the definition it was created from (see
-- comment_outlier_weeks_view.sql); no row when the view does not exist.
SELECT comment
FROM duckdb_views()
WHERE schema_name = 'blog_analysis' AND view_name = 'outlier_weeks'
