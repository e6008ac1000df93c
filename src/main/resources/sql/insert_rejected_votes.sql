-- Quarantines the run's rejected lines with their 1-based line numbers. A staged line's reader position is moved past the
-- unreadable lines before it: for the k-th unreadable line at line L, every position above L - k shifts by one.
INSERT INTO blog_analysis.rejected_votes (run_id, source_file, line_number, raw, reason)
SELECT $1, files.path, rejected.line_number, rejected.raw, rejected.reason
FROM (
    SELECT staged.file_index,
           staged.line_index + (SELECT count(*)
                                FROM staged_unreadable_lines AS unreadable
                                WHERE unreadable.file_index = staged.file_index
                                  AND unreadable.line_number - unreadable.ordinal < staged.line_index) AS line_number,
           staged.raw,
           staged.reason
    FROM staged_votes AS staged
    WHERE staged.reason IS NOT NULL
    UNION ALL
    SELECT file_index, line_number, raw, reason
    FROM staged_unreadable_lines
) AS rejected
JOIN staged_files AS files USING (file_index)
ORDER BY rejected.file_index, rejected.line_number
