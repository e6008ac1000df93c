-- votes export, --partition-by year,week: the staged rows as hive-partitioned Parquet under :path
-- (votes/Year=2020/WeekNumber=7/data_0.parquet), in the staged order (Year, WeekNumber, then Id). The files hold the
-- table's columns with the table's types; Year and WeekNumber are in the paths only. Run with one thread
-- (set_single_thread.sql), as copy_export_votes_by_year.sql.
-- Every file carries Spark's schema of its columns in its footer (the key Spark itself writes), in which CreationDate is
-- timestamp_ntz: the Parquet type alone (TIMESTAMP not adjusted to UTC, with the legacy TIMESTAMP_MICROS marker) is read
-- by Spark 3.3, and by 3.4+ with spark.sql.parquet.inferTimestampNTZ.enabled=false, as a UTC instant, which a session
-- time zone other than UTC shifts. Spark 3.4+ prefers the footer's schema and reads the wall time as written, in any
-- zone. Spark 3.3 (end of life) has no such type in DataFrames and refuses the footer's schema (MatchError
-- TimestampNTZType); it reads the files with an explicit schema (CreationDate TIMESTAMP) in a UTC session.
COPY export_votes TO :path (FORMAT parquet, PARTITION_BY (Year, WeekNumber), FILENAME_PATTERN 'data_{i}',
    KV_METADATA {'org.apache.spark.sql.parquet.row.metadata': '{"type":"struct","fields":[{"name":"Id","type":"long","nullable":true,"metadata":{}},{"name":"PostId","type":"long","nullable":true,"metadata":{}},{"name":"VoteTypeId","type":"integer","nullable":true,"metadata":{}},{"name":"UserId","type":"long","nullable":true,"metadata":{}},{"name":"BountyAmount","type":"integer","nullable":true,"metadata":{}},{"name":"CreationDate","type":"timestamp_ntz","nullable":true,"metadata":{}},{"name":"IngestionRunId","type":"long","nullable":true,"metadata":{}}]}'})
