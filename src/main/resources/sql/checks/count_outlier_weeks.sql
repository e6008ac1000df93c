-- How many rows the view blog_analysis.outlier_weeks has.
SELECT count(*) FROM blog_analysis.outlier_weeks
