-- Reads one JSON-lines file's lines whole, in file order, into staged_lines (:path = a file that is not compressed): its
-- text is split at line feeds only, as DuckDB's JSON reader splits it, so the two readers see the same lines. A carriage
-- return before a line feed (CRLF) is cut off; one anywhere else stays in its line, where JSON takes it as white space
-- (the CSV reader of read_vote_lines.sql would break the line there). A byte-order mark at the start of the file is cut
-- off, as the CSV reader does. A line's number is its rowid + 1 (the split keeps the order); the last, empty piece after
-- the final line feed is blank and skipped. Lines over 16 MiB, which the CSV reader reports as unreadable, are moved out
-- by stage_overlong_text_lines.sql and keep_text_lines.sql when count_overlong_staged_lines.sql finds any.
-- read_text fails on a file that is not valid UTF-8: the caller then reads it with read_vote_lines.sql, which
-- quarantines such lines one by one. The split stays in its own subquery: an unnest over a string_split written inside
-- it splits the text again for every chunk of output (quadratic: 33 s for 100 MB, against 0.2 s).
CREATE OR REPLACE TEMP TABLE staged_lines AS
SELECT CASE WHEN line_number = 1 AND starts_with(line, chr(65279)) THEN substr(line, 2) ELSE line END AS raw
FROM (
    SELECT CASE WHEN ends_with(piece, chr(13)) THEN substr(piece, 1, length(piece) - 1) ELSE piece END AS line,
           line_number
    FROM (
        SELECT unnest(pieces) AS piece, generate_subscripts(pieces, 1) AS line_number
        FROM (SELECT string_split(content, chr(10)) AS pieces FROM read_text(:path))
    )
)
