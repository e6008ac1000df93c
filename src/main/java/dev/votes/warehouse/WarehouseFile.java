package dev.votes.warehouse;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Which warehouse a command works on, and how long it may wait for another process's lock on it.
 *
 * @param path     the DuckDB file
 * @param lockWait how long to wait for a lock held by another process; zero fails at once with exit code 4
 */
public record WarehouseFile(Path path, Duration lockWait) {

    /** A warehouse that is not waited for: a lock held elsewhere fails at once. */
    public static WarehouseFile of(Path path) {
        return new WarehouseFile(path, Duration.ZERO);
    }

    @Override
    public String toString() {
        return path.toString();
    }
}
