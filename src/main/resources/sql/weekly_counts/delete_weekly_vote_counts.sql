-- 'votes recount', in its transaction: empties the weekly counts table before insert_recounted_weeks.sql fills it anew.
DELETE FROM blog_analysis.weekly_vote_counts
