-- Drops the unreadable lines staged for the file :file_index (the file is then rejected as a whole instead).
DELETE FROM staged_unreadable_lines WHERE file_index = :file_index
