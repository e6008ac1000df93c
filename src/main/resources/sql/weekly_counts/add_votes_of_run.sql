-- Adds the votes the ingest run :run_id inserted to the weekly counts, inside the run's transaction, right after its
-- insert: the lineage column IngestionRunId makes "the rows this run inserted" exact (a duplicate, of the table or
-- within the run, and a rejected line are never among them), so the table stays equal to a recount of the votes, and a
-- run that rolls back takes its counts with it. Counted by day, then by week (weeks_of_days.sql), as votes_by_week.sql
-- counts all votes.
INSERT INTO blog_analysis.weekly_vote_counts AS counts (Year, WeekNumber, VoteCount)
WITH days AS (
    SELECT CAST(CreationDate AS DATE) AS CreationDate, count(*) AS VoteCount
    FROM blog_analysis.votes
    WHERE IngestionRunId = :run_id AND CreationDate IS NOT NULL
    GROUP BY ALL
)
{include weekly_counts/weeks_of_days}
ON CONFLICT (Year, WeekNumber) DO UPDATE SET VoteCount = counts.VoteCount + excluded.VoteCount
