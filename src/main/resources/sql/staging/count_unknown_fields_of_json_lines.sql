-- Counts the fields that are not vote fields in one JSON-lines file staged the fast way (:path, its :compression,
-- :file_index its position in the run): the fast reader only asks for the vote fields, so this is a second, parallel
-- read of each line's keys (lines that are not JSON objects were rejected; json_keys gives them no keys, so they count nothing).
INSERT INTO staged_unknown_fields
SELECT :file_index, field, count(*)
FROM (
    SELECT unnest(json_keys(json)) AS field
    FROM read_json_objects(:path, format = 'newline_delimited', compression = :compression, ignore_errors = true,
                           maximum_object_size = 16777216)
)
WHERE field NOT IN ('Id', 'PostId', 'VoteTypeId', 'UserId', 'BountyAmount', 'CreationDate')
GROUP BY field
