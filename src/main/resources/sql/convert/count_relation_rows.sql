-- The rows of a table or view named by a bound, quoted and qualified name (:relation, "db"."schema"."name"): the name is data that
-- query_table resolves as a name, never SQL text.
SELECT count(*) FROM query_table(:relation)
