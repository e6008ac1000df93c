-- Why an optional integer field cannot be stored in [lowest, highest], or NULL when it can (or is absent).
CREATE OR REPLACE TEMP MACRO integer_problem(field, text, lowest, highest) AS
    CASE
        WHEN text IS NULL THEN NULL
        WHEN NOT regexp_full_match(text, '[+-]?[0-9]+')
            THEN field || ' is not an integer: ' || left(text, 60)
        WHEN whole_number(text) IS NULL OR whole_number(text) NOT BETWEEN lowest AND highest
            THEN field || ' is out of range ' || lowest || '..' || highest || ': ' || left(text, 60)
    END
