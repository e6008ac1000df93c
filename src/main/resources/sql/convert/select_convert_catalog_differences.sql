-- votes convert-storage: what the converted copy lacks, or has in excess, compared with the warehouse: every table and
-- view and every column of them (position, type, nullability, default), each with its comment (outlier_weeks carries
-- the digest of its definition in one), the constraints (primary keys, NOT NULL, ...), the indexes, and each sequence
-- with the value it gives next (a copy whose sequence restarted would hand out run ids again). No rows: the two
-- catalogs agree.
WITH catalog AS (
    SELECT database_name, 'column' AS kind,
           concat_ws(' ', schema_name || '.' || table_name || '.' || column_name, '#' || column_index, data_type,
                     CASE WHEN is_nullable THEN 'NULL' ELSE 'NOT NULL' END, 'DEFAULT ' || column_default,
                     'COMMENT ' || comment) AS item
    FROM duckdb_columns() WHERE NOT internal
    UNION ALL
    SELECT database_name, 'table', concat_ws(' ', schema_name || '.' || table_name, 'COMMENT ' || comment)
    FROM duckdb_tables() WHERE NOT temporary
    UNION ALL
    SELECT database_name, 'view', concat_ws(' ', schema_name || '.' || view_name, 'COMMENT ' || comment)
    FROM duckdb_views() WHERE NOT internal AND NOT temporary
    UNION ALL
    SELECT database_name, 'constraint', concat_ws(' ', schema_name || '.' || table_name, constraint_type, constraint_text)
    FROM duckdb_constraints()
    UNION ALL
    SELECT database_name, 'index',
           concat_ws(' ', schema_name || '.' || index_name, 'ON', table_name, CASE WHEN is_unique THEN 'UNIQUE' END)
    FROM duckdb_indexes()
    UNION ALL
    SELECT database_name, 'sequence',
           concat_ws(' ', schema_name || '.' || sequence_name,
                     'next', coalesce(CAST(last_value AS HUGEINT) + increment_by, start_value),
                     'increment', increment_by, 'min', min_value, 'max', max_value, CASE WHEN cycle THEN 'CYCLE' END)
    FROM duckdb_sequences() WHERE NOT temporary
)
(SELECT 'missing from the copy' AS difference, kind, item FROM catalog WHERE database_name = 'convert_source'
 EXCEPT ALL
 SELECT 'missing from the copy', kind, item FROM catalog WHERE database_name = 'convert_target')
UNION ALL
(SELECT 'only in the copy', kind, item FROM catalog WHERE database_name = 'convert_target'
 EXCEPT ALL
 SELECT 'only in the copy', kind, item FROM catalog WHERE database_name = 'convert_source')
ORDER BY 1, 2, 3
