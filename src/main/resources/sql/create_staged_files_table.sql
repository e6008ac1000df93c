-- Connection-local: the files of the current run, by position.
CREATE OR REPLACE TEMP TABLE staged_files (
    file_index INTEGER PRIMARY KEY,
    path       VARCHAR NOT NULL
)
