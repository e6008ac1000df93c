-- A JSON field's text as a UTC TIMESTAMP, else NULL. Text without a zone is taken as UTC (the connection's TimeZone);
-- text with an offset or zone name is converted to UTC (a plain TIMESTAMP cast would silently drop the offset).
CREATE OR REPLACE TEMP MACRO utc_timestamp(text) AS
    CASE
        WHEN regexp_matches(substr(text, 12), '[A-Za-z+-]') THEN TRY_CAST(text AS TIMESTAMPTZ)::TIMESTAMP
        ELSE TRY_CAST(text AS TIMESTAMP)
    END
