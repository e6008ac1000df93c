-- The week of a vote, wherever votes are bucketed by week (the weekly counts table behind the view
-- blog_analysis.outlier_weeks, kept by weekly_counts/add_votes_of_run.sql and recounted by
-- weekly_counts/votes_by_week.sql; the partitions and weekly counts of 'votes export'), included by them: Year and
-- WeekNumber of CreationDate as strftime %Y and %W, as INTEGER. Weeks start on Monday, and the days before a year's
-- first Monday are week 0, so the days of one Monday-to-Sunday week that fall in two years are two weeks, such as
-- (2021, 52) and (2022, 0). CreationDate may be a DATE (the day of the votes counted by day): a day's week is the week
-- of each of its timestamps.
CAST(strftime(CreationDate, '%Y') AS INTEGER) AS Year,
CAST(strftime(CreationDate, '%W') AS INTEGER) AS WeekNumber
