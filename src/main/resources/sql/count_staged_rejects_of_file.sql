-- How many staged rows of file $1 failed a check.
SELECT count(*) FROM staged_votes WHERE file_index = ? AND reason IS NOT NULL
