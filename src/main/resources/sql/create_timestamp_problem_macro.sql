-- Why a required timestamp field cannot be stored, or NULL when it can.
CREATE OR REPLACE TEMP MACRO timestamp_problem(field, text) AS
    CASE
        WHEN text IS NULL THEN 'missing ' || field
        WHEN utc_timestamp(text) IS NULL OR NOT isfinite(utc_timestamp(text))
            THEN field || ' is not a valid timestamp: ' || left(text, 60)
    END
