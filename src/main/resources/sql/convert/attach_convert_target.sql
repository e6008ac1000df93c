-- votes convert-storage: the converted copy, a new file beside the warehouse (its path bound, :path), created in the storage
-- version asked for (:storage_version: v1.0.0 ... v2.0.0 or latest).
ATTACH :path AS convert_target (STORAGE_VERSION :storage_version)
