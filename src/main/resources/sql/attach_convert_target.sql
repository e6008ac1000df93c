-- votes convert-storage: the converted copy, a new file beside the warehouse (its path bound), created in the storage
-- version asked for (bound: v1.0.0 ... v2.0.0 or latest).
ATTACH ? AS convert_target (STORAGE_VERSION ?)
