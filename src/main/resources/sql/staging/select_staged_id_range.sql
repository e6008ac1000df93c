-- The lowest and highest Id of the run's valid staged records (NULLs when there is none), asked only when
-- blog_analysis.votes has rows (select_known_id_range.sql): on a fresh warehouse this scan of the staging table (3.4 s
-- at 100 M rows, which spill) is not needed.
SELECT min(Id) AS staged_lowest,
       max(Id) AS staged_highest
FROM "votes.staging".main.staged_votes
WHERE NOT marked
