-- The run's unknown fields over all its files, most frequent first, at most :limit of them: each name cut to 60 characters
-- with control characters shown as '?' (a summary is one line), its number of records, and over all the run's unknown
-- fields (before the limit) how many distinct names and how many records there were, so the rest can be summarised.
WITH fields AS (
    SELECT field, sum(records)::BIGINT AS records
    FROM staged_unknown_fields
    GROUP BY field
)
SELECT regexp_replace(CASE WHEN length(field) > 60 THEN left(field, 59) || '…' ELSE field END,
                      '[\x00-\x1f\x7f]', '?', 'g') AS shown,
       records,
       count(*) OVER () AS distinct_fields,
       sum(records) OVER ()::BIGINT AS all_records
FROM fields
ORDER BY records DESC, field
LIMIT :limit
