-- The weekly vote counts the view outlier_weeks reads: one row per week that has votes, its week as the view defines it
-- (outlier_weeks/week_keys.sql: strftime %Y and %W of CreationDate), and its number of votes. Each ingest run adds the
-- counts of the rows it inserted inside its own transaction (weekly_counts/add_votes_of_run.sql), so the table always
-- equals a recount of blog_analysis.votes; 'votes recount' rebuilds it from the votes, 'votes check' compares the two.
-- Added to warehouses made before it existed: the schema set-up fills it with one recount when it creates it.
CREATE TABLE IF NOT EXISTS blog_analysis.weekly_vote_counts (
    Year       INTEGER NOT NULL,
    WeekNumber INTEGER NOT NULL,
    VoteCount  BIGINT  NOT NULL,
    PRIMARY KEY (Year, WeekNumber)
)
