-- Quarantined lines with their reasons, of the run :run_id (all runs when NULL): newest run first, then by file and line;
-- at most :limit lines.
SELECT run_id, source_file, line_number, reason, raw
FROM blog_analysis.rejected_votes
WHERE :run_id IS NULL OR run_id = :run_id
ORDER BY run_id DESC, source_file, line_number
LIMIT :limit
