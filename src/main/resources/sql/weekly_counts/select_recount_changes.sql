-- 'votes recount': where the weekly counts table differs from a recount of the votes (votes_by_week.sql), as
-- differences_from_recount.sql lists it. No rows: the table is exact.
WITH recount AS (
{include weekly_counts/votes_by_week}
)
{include weekly_counts/differences_from_recount}
