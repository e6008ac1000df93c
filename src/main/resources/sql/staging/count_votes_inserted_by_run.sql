-- How many rows of the votes table the run :run_id added (the lineage column makes this exact).
SELECT count(*) FROM blog_analysis.votes WHERE IngestionRunId = :run_id
