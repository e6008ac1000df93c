-- Quarantines the run's rejected lines with their 1-based line numbers (record numbers for JSON arrays and Parquet; 0 for
-- a file that could not be read at all). A staged record's reader position p becomes its line number p + line_offset
-- (the header line of CSV/TSV), moved past the unreadable lines before it: for the k-th unreadable line at line L, every
-- position above L - line_offset - k shifts by one.
INSERT INTO blog_analysis.rejected_votes (run_id, source_file, line_number, raw, reason)
SELECT :run_id, files.path, rejected.line_number, rejected.raw, rejected.reason
FROM (
    SELECT staged.file_index,
           staged.line_index + file.line_offset
               + (SELECT count(*)
                  FROM staged_unreadable_lines AS unreadable
                  WHERE unreadable.file_index = staged.file_index
                    AND unreadable.line_number - file.line_offset - unreadable.ordinal < staged.line_index) AS line_number,
           staged.raw,
           staged.reason
    FROM staged_rejects AS staged
    JOIN staged_files AS file USING (file_index)
    UNION ALL
    SELECT file_index, line_number, raw, reason
    FROM staged_unreadable_lines
) AS rejected
JOIN staged_files AS files USING (file_index)
ORDER BY rejected.file_index, rejected.line_number
