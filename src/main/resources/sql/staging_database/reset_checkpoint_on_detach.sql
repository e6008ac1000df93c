-- After detach_staging_database.sql: DuckDB's default again (disable_checkpoint_on_detach.sql).
RESET checkpoint_on_detach
