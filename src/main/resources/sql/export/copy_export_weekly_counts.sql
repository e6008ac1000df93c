-- votes export: every week that has votes, with its count, earliest first, as one Parquet file :path. The weeks are the
-- staged partition keys (create_export_votes_by_*.sql), so they add up to the exported rows.
COPY (
    SELECT Year, WeekNumber, count(*) AS VoteCount
    FROM export_votes
    GROUP BY Year, WeekNumber
    ORDER BY Year, WeekNumber
) TO :path (FORMAT parquet)
