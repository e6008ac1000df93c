-- How many quarantined lines there are: of the run $1, or of all runs when $1 is NULL.
SELECT count(*) FROM blog_analysis.rejected_votes WHERE $1 IS NULL OR run_id = $1
