-- A JSON field's text as a UTC TIMESTAMP, else NULL. Text without a zone is taken as UTC (the connection's TimeZone);
-- text with an offset or zone name is converted to UTC (a plain TIMESTAMP cast would silently drop the offset). The
-- text must start with a digit (DuckDB's casts also take words such as 'epoch' and 'infinity', which are no vote's
-- date; tested on its bytes, '0' <= text < ':', which costs less than taking its first character), and a numeric
-- offset (hours, optional minutes and seconds, at the end but for blanks) must lie within ±14:00, the widest any place
-- on Earth uses (the casts take +25:00 or +99:00). Whether the date is plausible is checked against the run's bounds,
-- not here (see stage_vote_records.sql).
CREATE OR REPLACE TEMP MACRO utc_timestamp(text) AS
    CASE
        WHEN NOT (text >= '0' AND text < ':') THEN NULL
        WHEN regexp_matches(substr(text, 12), '[A-Za-z+-]') THEN
            CASE
                WHEN coalesce(TRY_CAST(regexp_extract(substr(text, 12), '[+-]([0-9]{1,2}):?([0-9]{2})?(:?[0-9]{2})?\s*$', 1)
                                       AS INTEGER) * 60
                              + coalesce(TRY_CAST(regexp_extract(substr(text, 12),
                                  '[+-]([0-9]{1,2}):?([0-9]{2})?(:?[0-9]{2})?\s*$', 2) AS INTEGER), 0), 0) > 14 * 60
                    THEN NULL
                ELSE TRY_CAST(text AS TIMESTAMPTZ)::TIMESTAMP
            END
        ELSE TRY_CAST(text AS TIMESTAMP)
    END
