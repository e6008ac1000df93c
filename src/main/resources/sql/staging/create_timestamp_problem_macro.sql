-- Why a required timestamp field cannot be stored, or NULL when it can: missing, not a timestamp, or outside the run's
-- plausible dates, from earliest (a TIMESTAMP: --earliest-date, 2008-07-31 by default) to latest (the run's start, UTC).
CREATE OR REPLACE TEMP MACRO timestamp_problem(field, text, earliest, latest) AS
    CASE
        WHEN text IS NULL THEN 'missing ' || field
        WHEN utc_timestamp(text) IS NULL OR NOT isfinite(utc_timestamp(text))
            THEN field || ' is not a valid timestamp: ' || left(text, 60)
        WHEN utc_timestamp(text) < earliest
            THEN field || ' is before ' || strftime(earliest, '%Y-%m-%d') || ', the earliest plausible date: '
                 || left(text, 60)
        WHEN utc_timestamp(text) > latest THEN field || ' is in the future: ' || left(text, 60)
    END
