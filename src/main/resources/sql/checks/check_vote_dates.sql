-- Check date-range: votes dated after now (UTC) or before the floor :earliest (a timestamp), with the smallest offending Id of
-- each kind, and the range of all dates.
SELECT count(*) FILTER (WHERE CreationDate > now()::TIMESTAMP)         AS future,
       min(Id) FILTER (WHERE CreationDate > now()::TIMESTAMP)          AS first_future_id,
       count(*) FILTER (WHERE CreationDate < CAST(:earliest AS TIMESTAMP))    AS too_early,
       min(Id) FILTER (WHERE CreationDate < CAST(:earliest AS TIMESTAMP))     AS first_too_early_id,
       strftime(min(CreationDate), '%Y-%m-%d %H:%M:%S')                AS earliest,
       strftime(max(CreationDate), '%Y-%m-%d %H:%M:%S')                AS latest
FROM blog_analysis.votes
