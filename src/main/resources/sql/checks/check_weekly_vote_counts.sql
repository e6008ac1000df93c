-- Check weekly-counts: the weeks where the weekly counts table (which the view outlier_weeks reads, and each ingest run
-- keeps) differs from a count of blog_analysis.votes (differences_from_recount.sql): VoteCount is the table's (NULL:
-- the week is missing from it), recounted the votes' (NULL: the week has no votes). The count does not reuse the tool's
-- recount (weekly_counts/votes_by_week.sql, by day, then by week): it applies the week's definition,
-- outlier_weeks/week_keys.sql (strftime %Y and %W), to every vote, so that a mistake in either way of counting shows.
-- Votes without a CreationDate are in no week (the check required-values reports them).
WITH recount AS (
    SELECT
{include outlier_weeks/week_keys},
           count(*) AS VoteCount
    FROM blog_analysis.votes
    WHERE CreationDate IS NOT NULL
    GROUP BY ALL
)
{include weekly_counts/differences_from_recount}
