package dev.votes.warehouse;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Which warehouse a command works on, how long it may wait for another process's lock on it, DuckDB's resource
 * settings for it, and the storage version it is created in when it does not exist yet.
 *
 * @param path     the DuckDB file
 * @param lockWait how long to wait for a lock held by another process; zero fails at once with exit code 4
 * @param engine   DuckDB's memory limit and threads, or null for DuckDB's defaults (the commands that only look)
 * @param storage  the storage version a new warehouse file is created in; an existing file keeps its own
 */
public record WarehouseFile(Path path, Duration lockWait, EngineSettings engine, StorageVersion storage) {

    public WarehouseFile {
        storage = storage == null ? StorageVersion.DEFAULT : storage;
    }

    public WarehouseFile(Path path, Duration lockWait) {
        this(path, lockWait, null, StorageVersion.DEFAULT);
    }

    public WarehouseFile(Path path, Duration lockWait, EngineSettings engine) {
        this(path, lockWait, engine, StorageVersion.DEFAULT);
    }

    /** A warehouse that is not waited for: a lock held elsewhere fails at once. */
    /** {@code --wait}'s seconds as a duration; a negative or non-finite number is refused, saying what to give. */
    public static Duration waitBudget(double seconds) {
        if (!(seconds >= 0) || Double.isInfinite(seconds)) {
            throw new IllegalArgumentException(seconds + " (give a number of seconds >= 0)");
        }
        return Duration.ofMillis(Math.round(seconds * 1000));
    }

    public static WarehouseFile of(Path path) {
        return new WarehouseFile(path, Duration.ZERO);
    }

    /** The same warehouse, opened with these DuckDB settings. */
    public WarehouseFile with(EngineSettings settings) {
        return new WarehouseFile(path, lockWait, settings, storage);
    }

    /** The same warehouse, created in this storage version if it does not exist yet. */
    public WarehouseFile with(StorageVersion version) {
        return new WarehouseFile(path, lockWait, engine, version);
    }

    /** The same settings for another file (a temporary file beside this one). */
    WarehouseFile at(Path other) {
        return new WarehouseFile(other, lockWait, engine, storage);
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
