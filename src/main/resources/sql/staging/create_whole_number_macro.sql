-- A JSON field's text as a BIGINT when it is a plain decimal integer (optional sign, digits only), else NULL.
-- TRY_CAST alone would accept '7.5' (rounded to 8) and '1e3', which a key must never silently become. Text that is
-- its own BIGINT's canonical form is such an integer, which spares almost every value the regular expression (the
-- check for the others, such as '+5' or '007').
CREATE OR REPLACE TEMP MACRO whole_number(text) AS
    CASE
        WHEN CAST(TRY_CAST(text AS BIGINT) AS VARCHAR) = text THEN TRY_CAST(text AS BIGINT)
        WHEN regexp_full_match(text, '[+-]?[0-9]+') THEN TRY_CAST(text AS BIGINT)
    END
