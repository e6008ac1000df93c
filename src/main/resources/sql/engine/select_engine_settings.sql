-- DuckDB's effective resource settings, read back after opening (printed with -v).
SELECT current_setting('memory_limit')   AS memory_limit,
       current_setting('threads')        AS threads,
       current_setting('temp_directory') AS temp_directory
