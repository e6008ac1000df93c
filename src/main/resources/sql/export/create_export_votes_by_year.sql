-- votes export, --partition-by year, step 1: the rows to export in a connection-local temporary table with their week
-- keys, in the order they are written: by Year, then Id. Year and WeekNumber are exactly those of the view
-- blog_analysis.outlier_weeks (both include outlier_weeks/week_keys.sql): strftime %Y and %W (weeks start on Monday, the
-- days before a year's first Monday are week 0) as INTEGER. The sort runs on all threads; the write then keeps this order.
CREATE OR REPLACE TEMP TABLE export_votes AS
SELECT *,
{include outlier_weeks/week_keys}
FROM blog_analysis.votes
ORDER BY Year, Id
