-- Creates the view of the weeks whose vote count deviates from the mean weekly count by more than 20 %:
-- |1 - VoteCount / mean| > 0.2, weeks being (year, strftime %W). Its query is outlier_weeks.sql, which holds the one
-- definition (weekly_counts.sql).
CREATE OR REPLACE VIEW blog_analysis.outlier_weeks AS
{include outlier_weeks/outlier_weeks}
