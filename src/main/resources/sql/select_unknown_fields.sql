-- The run's unknown fields over all its files: name and number of records, most frequent first.
SELECT field, sum(records)::BIGINT AS records
FROM staged_unknown_fields
GROUP BY field
ORDER BY records DESC, field
