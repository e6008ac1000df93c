-- Drops the rejects staged for the file :file_index, with delete_staged_votes_of_file.sql.
DELETE FROM staged_rejects WHERE file_index = :file_index
