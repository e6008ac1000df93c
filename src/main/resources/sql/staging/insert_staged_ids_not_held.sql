-- Adds the Ids from :lowest to :highest (both included) of the run's valid staged records that blog_analysis.votes does
-- not hold to staged_ids_not_held: one slice of the anti-join against the table (IdRanges cuts the Ids into slices of
-- about 2.5 M of the table's rows each). The join carries the Ids alone, and a slice's hash table stays well within the
-- memory limit: one join of 10 M staged rows against 10 M Ids spills at 768 MB and takes twice as long (PERFORMANCE.md).
INSERT INTO staged_ids_not_held
SELECT Id
FROM "votes.staging".main.staged_votes AS staged
WHERE NOT marked
  AND Id BETWEEN :lowest AND :highest
  AND NOT EXISTS (SELECT 1 FROM blog_analysis.votes AS known
                  WHERE known.Id = staged.Id AND known.Id BETWEEN :lowest AND :highest)
