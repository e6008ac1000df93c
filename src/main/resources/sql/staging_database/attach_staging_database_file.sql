-- The run's staging database (StagingArea) as a new DuckDB file of its own (:path, beside the warehouse, removed when
-- the run ends): DuckDB compresses the staged rows as it writes them, where rows in memory would spill uncompressed.
ATTACH :path AS "votes.staging"
