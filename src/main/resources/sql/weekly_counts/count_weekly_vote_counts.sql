-- 'votes recount': the weeks the weekly counts table holds, and their votes.
SELECT count(*) AS weeks, CAST(coalesce(sum(VoteCount), 0) AS BIGINT) AS votes FROM blog_analysis.weekly_vote_counts
