-- Before detach_staging_database.sql: the staging database's rows are thrown away with it, so DuckDB need not
-- checkpoint them into its file first (0.8 s at 100 M rows). reset_checkpoint_on_detach.sql restores the default at
-- once: the warehouse itself is never detached while this holds.
SET checkpoint_on_detach = 'DISABLED'
