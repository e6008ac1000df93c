-- The lowest and highest Id of blog_analysis.votes (NULLs when it is empty) and its rows; then, only when it has rows
-- (select_staged_id_range.sql), the lowest and highest Id of the run's valid staged records. When the two ranges do not
-- overlap, no staged record can carry an Id the table holds (a fresh warehouse, an increment of new Ids), and the load
-- skips its anti-join against the table (create_fresh_votes_view_of_staged.sql); when they do, the rows tell how many
-- slices that anti-join takes (IdRanges).
SELECT min(Id)  AS known_lowest,
       max(Id)  AS known_highest,
       count(*) AS known_rows
FROM blog_analysis.votes
