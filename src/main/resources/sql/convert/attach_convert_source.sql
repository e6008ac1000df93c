-- votes convert-storage: the warehouse to convert (its path bound, :path), attached for writing so that its lock keeps every
-- other process out until the converted copy has taken its place. Nothing is written to it.
ATTACH :path AS convert_source
