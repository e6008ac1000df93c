-- Drops what was staged for the file :file_index (records and their rejects), before the file is staged again line by
-- line.
DELETE FROM "votes.staging".main.staged_votes WHERE file_index = :file_index
