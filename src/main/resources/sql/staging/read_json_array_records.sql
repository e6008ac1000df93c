-- Reads one JSON-array file's elements, in order, as JSON text into staged_lines (:path, its :compression): a
-- record's number is its rowid + 1. stage_vote_lines.sql then types and checks them like JSON lines. A file that is not
-- one well-formed JSON array fails the statement (and is rejected as a whole).
CREATE OR REPLACE TEMP TABLE staged_lines AS
SELECT json::VARCHAR AS raw
FROM read_json_objects(:path, format = 'array', compression = :compression, maximum_object_size = 16777216)
