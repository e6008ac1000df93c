-- Quarantined lines counted per run and kind of reason, of the run :run_id (all runs when NULL). The kind is the reason
-- without the offending value after its first ': ' ("Id is not an integer: abc" counts as "Id is not an integer").
SELECT run_id, split_part(reason, ': ', 1) AS reason, count(*) AS lines
FROM blog_analysis.rejected_votes
WHERE :run_id IS NULL OR run_id = :run_id
GROUP BY ALL
ORDER BY run_id DESC, lines DESC, reason
