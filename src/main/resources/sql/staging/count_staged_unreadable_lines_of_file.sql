-- How many lines of file :file_index are staged as unreadable (for the progress line).
SELECT count(*) FROM staged_unreadable_lines WHERE file_index = :file_index
