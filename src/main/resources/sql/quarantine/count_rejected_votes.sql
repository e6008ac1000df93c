-- How many quarantined lines there are: of the run :run_id, or of all runs when it is NULL.
SELECT count(*) FROM blog_analysis.rejected_votes WHERE :run_id IS NULL OR run_id = :run_id
