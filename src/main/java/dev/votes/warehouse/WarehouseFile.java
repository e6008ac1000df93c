package dev.votes.warehouse;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Which warehouse a command works on, how long it may wait for another process's lock on it, and DuckDB's resource
 * settings for it.
 *
 * @param path     the DuckDB file
 * @param lockWait how long to wait for a lock held by another process; zero fails at once with exit code 4
 * @param engine   DuckDB's memory limit and threads, or null for DuckDB's defaults (the commands that only look)
 */
public record WarehouseFile(Path path, Duration lockWait, EngineSettings engine) {

    public WarehouseFile(Path path, Duration lockWait) {
        this(path, lockWait, null);
    }

    /** A warehouse that is not waited for: a lock held elsewhere fails at once. */
    public static WarehouseFile of(Path path) {
        return new WarehouseFile(path, Duration.ZERO);
    }

    /** The same warehouse, opened with these DuckDB settings. */
    public WarehouseFile with(EngineSettings settings) {
        return new WarehouseFile(path, lockWait, settings);
    }

    /** Where DuckDB spills what does not fit in its memory limit: {@code <warehouse>.tmp}, beside the file. */
    public Path tempDirectory() {
        return path.resolveSibling(path.getFileName() + ".tmp");
    }

    @Override
    public String toString() {
        return path.toString();
    }
}
