-- The first non-blank line of a zstd-compressed file (:path), for telling its format by content (the JDK has no
-- zstd decoder). Read as one text column, split on line breaks only.
SELECT raw
FROM read_csv(:path, columns = {'raw': 'VARCHAR'}, header = false, auto_detect = false,
              delim = E'\x01\x02\x03\x04', quote = '', escape = '', compression = 'zstd', ignore_errors = true)
WHERE trim(raw) <> ''
LIMIT 1
