-- Check required-values: the number of NULLs in each column a vote must have, one column per required column.
SELECT count(*) FILTER (WHERE Id IS NULL)             AS Id,
       count(*) FILTER (WHERE PostId IS NULL)         AS PostId,
       count(*) FILTER (WHERE VoteTypeId IS NULL)     AS VoteTypeId,
       count(*) FILTER (WHERE CreationDate IS NULL)   AS CreationDate,
       count(*) FILTER (WHERE IngestionRunId IS NULL) AS IngestionRunId
FROM blog_analysis.votes
