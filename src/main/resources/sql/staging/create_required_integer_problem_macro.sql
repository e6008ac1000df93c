-- Why a required integer field cannot be stored in [lowest, highest], or NULL when it can.
CREATE OR REPLACE TEMP MACRO required_integer_problem(field, text, lowest, highest) AS
    CASE
        WHEN text IS NULL THEN 'missing ' || field
        ELSE integer_problem(field, text, lowest, highest)
    END
