-- votes export, --partition-by year,week: the staged rows as hive-partitioned Parquet under $1
-- (votes/Year=2020/WeekNumber=7/data_0.parquet), in the staged order (Year, WeekNumber, then Id). The files hold the
-- table's columns with the table's types; Year and WeekNumber are in the paths only. Run with one thread
-- (set_single_thread.sql), as copy_export_votes_by_year.sql.
COPY export_votes TO $1 (FORMAT parquet, PARTITION_BY (Year, WeekNumber), FILENAME_PATTERN 'data_{i}')
