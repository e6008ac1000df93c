-- Whether a line is blank, as the readers skip it: NULL (the CSV line reader's empty line), empty, or only spaces, tabs,
-- vertical tabs, form feeds and carriage returns. A line whose first character is none of those is not blank, which
-- spares almost every line the trim (about 0.2 s per million lines).
CREATE OR REPLACE TEMP MACRO blank_line(raw) AS
    CASE
        WHEN raw IS NULL OR raw = '' THEN true
        WHEN ascii(raw) NOT IN (9, 11, 12, 13, 32) THEN false
        ELSE trim(raw, ' ' || chr(9) || chr(11) || chr(12) || chr(13)) = ''
    END
