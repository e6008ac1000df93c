-- Stages one JSON-lines file the fast way (:path, :file_index its position in the run, its :compression, :earliest
-- and :latest the plausible CreationDates as text: --earliest-date and the run's start, UTC): DuckDB's JSON reader, in parallel,
-- every field read as text, then typed and checked exactly as stage_vote_lines.sql does. It does not keep line numbers
-- or the raw text: rows are appended in file order (the staging table's rowid keeps it) and a row that fails any check
-- is only marked; locate_rejected_lines.sql then finds the marked rows' lines (their n-th non-blank line) and says why.
-- The reader skips blank lines and turns a line it cannot parse (malformed, not an object, bad UTF-8) into a row of
-- NULLs, which fails the checks; a line over 16 MiB fails the statement, which also sends the file down the exact path.
INSERT INTO "votes.staging".main.staged_votes (file_index, Id, PostId, VoteTypeId, UserId, BountyAmount, CreationDate, marked)
WITH typed AS (
    SELECT UserId       AS UserIdText,
           BountyAmount AS BountyAmountText,
           whole_number(Id)           AS Id,
           whole_number(PostId)       AS PostId,
           whole_number(VoteTypeId)   AS VoteTypeId,
           whole_number(UserId)       AS UserId,
           whole_number(BountyAmount) AS BountyAmount,
           utc_timestamp(CreationDate) AS CreationDate
    FROM read_json(:path, format = 'newline_delimited', compression = :compression, ignore_errors = true, maximum_object_size = 16777216,
                   columns = {'Id': 'VARCHAR', 'PostId': 'VARCHAR', 'VoteTypeId': 'VARCHAR', 'UserId': 'VARCHAR',
                              'BountyAmount': 'VARCHAR', 'CreationDate': 'VARCHAR'})
)
SELECT :file_index, Id, PostId, TRY_CAST(VoteTypeId AS INTEGER), UserId, TRY_CAST(BountyAmount AS INTEGER), CreationDate,
       NOT coalesce(Id >= 1 AND PostId >= 1 AND VoteTypeId BETWEEN 0 AND 2147483647
                    AND CreationDate BETWEEN CAST(:earliest AS TIMESTAMP) AND CAST(:latest AS TIMESTAMP)
                    AND (UserIdText IS NULL OR UserId IS NOT NULL)
                    AND (BountyAmountText IS NULL OR BountyAmount BETWEEN 0 AND 2147483647), false)
FROM typed
