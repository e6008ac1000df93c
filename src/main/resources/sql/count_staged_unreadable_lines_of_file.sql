-- How many lines of file $1 are staged as unreadable (for the progress line).
SELECT count(*) FROM staged_unreadable_lines WHERE file_index = $1
