-- Registers one input file of the current run: :file_index its position in the run, :path, and :line_offset (see
-- create_staged_files_table.sql).
INSERT INTO staged_files (file_index, path, line_offset) VALUES (:file_index, :path, :line_offset)
