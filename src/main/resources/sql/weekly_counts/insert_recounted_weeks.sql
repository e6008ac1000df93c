-- Fills the (empty) weekly counts table with a recount of the votes (votes_by_week.sql): after
-- delete_weekly_vote_counts.sql in 'votes recount', and when the schema set-up has just created the table in a
-- warehouse that already holds votes.
INSERT INTO blog_analysis.weekly_vote_counts (Year, WeekNumber, VoteCount)
{include weekly_counts/votes_by_week}
