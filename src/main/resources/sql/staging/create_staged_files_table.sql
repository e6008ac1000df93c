-- Connection-local: the files of the current run, by position. line_offset is added to a record's position to give its
-- line number: 1 for CSV and TSV (their header is line 1), 0 for formats without a header line.
CREATE OR REPLACE TEMP TABLE staged_files (
    file_index  INTEGER PRIMARY KEY,
    path        VARCHAR NOT NULL,
    line_offset INTEGER NOT NULL
)
