-- Quarantined lines counted per run and kind of reason, of the run $1 (all runs when NULL). The kind is the reason
-- without the offending value after its first ': ' ("Id is not an integer: abc" counts as "Id is not an integer").
SELECT run_id, split_part(reason, ': ', 1) AS reason, count(*) AS lines
FROM blog_analysis.rejected_votes
WHERE $1 IS NULL OR run_id = $1
GROUP BY ALL
ORDER BY run_id DESC, lines DESC, reason
