-- The one classification of vote lines, included by stage_vote_lines.sql (every line of a file) and
-- locate_rejected_lines.sql (the lines of the records a reader marked): after a CTE 'lines' (line_index, raw), the CTEs
-- fields, typed and classified. Each non-blank line (blank: only spaces, tabs, vertical tabs, form feeds and carriage
-- returns, as for the JSON reader) is parsed once, typed, and either passes every check (reason NULL) or gets the first
-- reason it fails. :earliest and :latest are the plausible CreationDates as text (--earliest-date and the run's start,
-- UTC); the checks are those of stage_vote_records.sql.
fields AS (
    SELECT line_index, raw,
           try(json_transform(raw, '{"Id": "VARCHAR", "PostId": "VARCHAR", "VoteTypeId": "VARCHAR", "UserId": "VARCHAR",
                                     "BountyAmount": "VARCHAR", "CreationDate": "VARCHAR"}')) AS field
    FROM lines
    WHERE NOT blank_line(raw)
),
typed AS (
    SELECT line_index, raw, field,
           whole_number(field.Id)             AS Id,
           whole_number(field.PostId)         AS PostId,
           whole_number(field.VoteTypeId)     AS VoteTypeId,
           whole_number(field.UserId)         AS UserId,
           whole_number(field.BountyAmount)   AS BountyAmount,
           utc_timestamp(field.CreationDate)  AS CreationDate
    FROM fields
),
classified AS (
    SELECT *,
           CASE
               WHEN Id >= 1 AND PostId >= 1 AND VoteTypeId BETWEEN 0 AND 2147483647
                    AND CreationDate BETWEEN CAST(:earliest AS TIMESTAMP) AND CAST(:latest AS TIMESTAMP)
                    AND (field.UserId IS NULL OR UserId IS NOT NULL)
                    AND (field.BountyAmount IS NULL OR BountyAmount BETWEEN 0 AND 2147483647)
                   THEN NULL
               WHEN field IS NULL THEN 'malformed JSON'
               WHEN json_type(raw) <> 'OBJECT' THEN 'not a JSON object (found ' || lower(json_type(raw)) || ')'
               ELSE coalesce(
                   required_integer_problem('Id', field.Id, 1, 9223372036854775807),
                   required_integer_problem('PostId', field.PostId, 1, 9223372036854775807),
                   required_integer_problem('VoteTypeId', field.VoteTypeId, 0, 2147483647),
                   timestamp_problem('CreationDate', field.CreationDate, CAST(:earliest AS TIMESTAMP), CAST(:latest AS TIMESTAMP)),
                   integer_problem('UserId', field.UserId, -9223372036854775808, 9223372036854775807),
                   integer_problem('BountyAmount', field.BountyAmount, 0, 2147483647),
                   'failed validation')
           END AS reason
    FROM typed
)
