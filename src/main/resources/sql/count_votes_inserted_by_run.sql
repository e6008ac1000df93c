-- How many rows of the votes table the run $1 added (the lineage column makes this exact).
SELECT count(*) FROM blog_analysis.votes WHERE IngestionRunId = $1
