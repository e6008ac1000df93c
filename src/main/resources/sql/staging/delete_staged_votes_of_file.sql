-- Drops what the fast reader staged for the file :file_index, before the file is staged again line by line.
DELETE FROM staged_votes WHERE file_index = :file_index
