-- A JSON field's text as a BIGINT when it is a plain decimal integer (optional sign, digits only), else NULL.
-- TRY_CAST alone would accept '7.5' (rounded to 8) and '1e3', which a key must never silently become.
CREATE OR REPLACE TEMP MACRO whole_number(text) AS
    CASE WHEN regexp_full_match(text, '[+-]?[0-9]+') THEN TRY_CAST(text AS BIGINT) END
