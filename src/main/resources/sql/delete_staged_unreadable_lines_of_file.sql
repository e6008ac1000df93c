-- Drops the unreadable lines staged for file $1 (the file is then rejected as a whole instead).
DELETE FROM staged_unreadable_lines WHERE file_index = $1
