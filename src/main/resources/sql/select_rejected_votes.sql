-- Quarantined lines with their reasons, of the run $1 (all runs when NULL): newest run first, then by file and line;
-- at most $2 lines.
SELECT run_id, source_file, line_number, reason, raw
FROM blog_analysis.rejected_votes
WHERE $1 IS NULL OR run_id = $1
ORDER BY run_id DESC, source_file, line_number
LIMIT $2
