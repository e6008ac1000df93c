-- Reads one Parquet file's rows (:path), in file order, as JSON objects into staged_lines: a row's number is its
-- rowid + 1. stage_vote_lines.sql then types and checks them like JSON lines, so a column of the wrong type (text in
-- Id, a fractional BountyAmount) or a NULL key is a reject with a reason; extra columns are reported as unknown fields.
CREATE OR REPLACE TEMP TABLE staged_lines AS
SELECT to_json(record)::VARCHAR AS raw
FROM read_parquet(:path) AS record
