package dev.votes.serve;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import io.quarkus.runtime.ShutdownEvent;

/**
 * Serializes the server's writes: one ingest at a time, in arrival order. Other processes are kept out by DuckDB's file
 * lock (409). At shutdown it waits for the write in progress to finish and closes the gate, so the warehouse is closed
 * cleanly and no write starts while the server stops.
 */
@Singleton
public class WriteGate {

    static final long SHUTDOWN_WAIT_SECONDS = 120;

    private final ReentrantLock lock = new ReentrantLock(true);
    private volatile boolean closed;

    /** Thrown instead of starting a write once the server is stopping. */
    public static final class Closed extends RuntimeException {
        Closed() {
            super("the server is stopping; nothing was done");
        }
    }

    /** Runs {@code write} alone among this process's writes. */
    public <T> T serialized(Supplier<T> write) {
        lock.lock();
        try {
            if (closed) {
                throw new Closed();
            }
            return write.get();
        } finally {
            lock.unlock();
        }
    }

    void onShutdown(@Observes ShutdownEvent event) {
        try {
            if (lock.tryLock(SHUTDOWN_WAIT_SECONDS, TimeUnit.SECONDS)) {
                closed = true;
                lock.unlock();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
