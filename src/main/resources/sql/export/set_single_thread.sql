-- One worker thread for the next statement (the partitioned Parquet write of votes export); reset_threads.sql undoes it.
SET threads = 1
