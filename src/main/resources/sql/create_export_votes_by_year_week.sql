-- votes export, --partition-by year,week, step 1: as create_export_votes_by_year.sql (the same Year and WeekNumber as
-- the view blog_analysis.outlier_weeks), in the order the rows are written: by Year, WeekNumber, then Id.
CREATE OR REPLACE TEMP TABLE export_votes AS
SELECT *,
       CAST(strftime(CreationDate, '%Y') AS INTEGER) AS Year,
       CAST(strftime(CreationDate, '%W') AS INTEGER) AS WeekNumber
FROM blog_analysis.votes
ORDER BY Year, WeekNumber, Id
