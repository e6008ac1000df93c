-- Back to the number of threads the warehouse was opened with (--threads, or DuckDB's default).
RESET threads
