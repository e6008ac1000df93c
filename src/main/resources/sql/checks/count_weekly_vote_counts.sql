-- How many weeks the weekly counts table holds, and their votes (for the detail of a passing weekly-counts check).
SELECT count(*) AS weeks, CAST(coalesce(sum(VoteCount), 0) AS BIGINT) AS votes FROM blog_analysis.weekly_vote_counts
