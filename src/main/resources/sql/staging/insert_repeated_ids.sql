-- Adds the Ids from :lowest to :highest (both included) that more than one new valid record of the run carries to
-- repeated_ids: all Ids at once, or on disk, for a run of more than 32 M rows, one slice of them (Staging cuts the
-- staged Ids' range so that each slice's aggregate fits the memory limit; one aggregate over 100 M Ids spills).
INSERT INTO repeated_ids
SELECT Id
FROM fresh_votes
WHERE Id BETWEEN :lowest AND :highest
GROUP BY Id
HAVING count(*) > 1
