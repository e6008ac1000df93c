-- Counts the fields that are not vote fields among the records in staged_lines (the current file, :file_index its position
-- in the run): JSON text that is not an object has no fields and is not counted.
INSERT INTO staged_unknown_fields
SELECT :file_index, field, count(*)
FROM (
    SELECT unnest(json_keys(record)) AS field
    FROM (SELECT try(json(raw)) AS record FROM staged_lines)
    WHERE json_type(record) = 'OBJECT'
)
WHERE field NOT IN ('Id', 'PostId', 'VoteTypeId', 'UserId', 'BountyAmount', 'CreationDate')
GROUP BY field
