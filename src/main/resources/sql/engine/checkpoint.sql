-- Writes the committed run into the database file, so the write-ahead log is empty when the process exits.
CHECKPOINT
