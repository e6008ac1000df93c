-- The week of a vote, wherever votes are bucketed by week (the view blog_analysis.outlier_weeks, the weekly counts of
-- 'votes serve', the partitions and weekly counts of 'votes export'), included by them: Year and WeekNumber of
-- CreationDate as strftime %Y and %W, as INTEGER. Weeks start on Monday, and the days before a year's first Monday are
-- week 0, so the days of one Monday-to-Sunday week that fall in two years are two weeks, such as (2021, 52) and (2022, 0).
CAST(strftime(CreationDate, '%Y') AS INTEGER) AS Year,
CAST(strftime(CreationDate, '%W') AS INTEGER) AS WeekNumber
