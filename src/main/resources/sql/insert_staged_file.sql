-- Registers one input file of the current run.
INSERT INTO staged_files (file_index, path, line_offset) VALUES (?, ?, ?)
