-- votes convert-storage: closes the converted copy, which checkpoints it: the file then holds everything, without a
-- write-ahead log beside it.
DETACH convert_target
