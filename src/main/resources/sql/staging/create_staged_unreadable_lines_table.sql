-- Connection-local: lines the reader itself could not return (invalid UTF-8, over-long lines), with their real line numbers.
-- ordinal is the line's rank among its file's unreadable lines, used to turn reader positions back into line numbers.
CREATE OR REPLACE TEMP TABLE staged_unreadable_lines (
    file_index  INTEGER NOT NULL,
    line_number BIGINT  NOT NULL,
    ordinal     BIGINT  NOT NULL,
    raw         VARCHAR,
    reason      VARCHAR NOT NULL
)
