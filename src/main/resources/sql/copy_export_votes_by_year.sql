-- votes export, --partition-by year: the staged rows as hive-partitioned Parquet under $1 (votes/Year=2020/data_0.parquet),
-- in the staged order (Year, then Id). The files hold the table's columns with the table's types; Year is in the path
-- only. Run with one thread (set_single_thread.sql): DuckDB's partitioned writer otherwise gives each thread its own
-- file in a partition and interleaves the rows, so neither the order within a file nor the set of files is stable.
COPY (SELECT * EXCLUDE (WeekNumber) FROM export_votes)
TO $1 (FORMAT parquet, PARTITION_BY (Year), FILENAME_PATTERN 'data_{i}')
