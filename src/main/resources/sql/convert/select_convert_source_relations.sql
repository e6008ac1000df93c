-- votes convert-storage: the tables, views and sequences of the warehouse being converted, each with the quoted,
-- qualified names of it in the warehouse and in the converted copy (for count_relation_rows.sql).
WITH relations AS (
    SELECT 'table' AS kind, schema_name, table_name AS name
    FROM duckdb_tables() WHERE database_name = 'convert_source' AND NOT temporary
    UNION ALL
    SELECT 'view', schema_name, view_name
    FROM duckdb_views() WHERE database_name = 'convert_source' AND NOT internal AND NOT temporary
    UNION ALL
    SELECT 'sequence', schema_name, sequence_name
    FROM duckdb_sequences() WHERE database_name = 'convert_source' AND NOT temporary
)
SELECT kind,
       schema_name || '.' || name AS qualified_name,
       '"convert_source"."' || replace(schema_name, '"', '""') || '"."' || replace(name, '"', '""') || '"' AS in_source,
       '"convert_target"."' || replace(schema_name, '"', '""') || '"."' || replace(name, '"', '""') || '"' AS in_target
FROM relations
ORDER BY kind, schema_name, name
