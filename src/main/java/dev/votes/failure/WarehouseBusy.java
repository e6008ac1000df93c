package dev.votes.failure;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Another process holds the warehouse's lock, and still did after the lock wait: nothing was done. The holder and the
 * wait are data; the message states them, and each edge adds its own advice (the CLI: how to wait longer).
 */
public final class WarehouseBusy extends VotesFailure {

    private final transient Path database;
    private final String holder;
    private final Duration waited;

    /** {@code holder} describes the process, e.g. {@code process 1234 (votes ingest big.jsonl)}. */
    public WarehouseBusy(Path database, String holder, Duration waited, Throwable cause) {
        super("warehouse " + database + " is busy: " + holder + (waited.isZero() ? " holds its lock; nothing was done"
                : " still holds its lock after waiting " + waited.toMillis() / 1000.0 + " s; nothing was done"), cause);
        this.database = database;
        this.holder = holder;
        this.waited = waited;
    }

    public Path database() {
        return database;
    }

    public String holder() {
        return holder;
    }

    /** How long the lock was waited for; zero: not at all. */
    public Duration waited() {
        return waited;
    }
}
