-- Check unique-ids: how many Ids occur more than once in the votes table, the extra rows they make, and the smallest
-- such Id (NULL when every Id is unique; NULL Ids are the required-values check's business).
SELECT count(*) AS repeated_ids, coalesce(sum(copies - 1), 0) AS extra_rows, min(Id) AS first_id
FROM (SELECT Id, count(*) AS copies FROM blog_analysis.votes WHERE Id IS NOT NULL GROUP BY Id HAVING count(*) > 1)
