-- Drops what the fast reader staged for file $1, before the file is staged again line by line.
DELETE FROM staged_votes WHERE file_index = ?
