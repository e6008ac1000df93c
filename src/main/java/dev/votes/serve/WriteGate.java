package dev.votes.serve;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import io.quarkus.runtime.ShutdownEvent;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;

/**
 * Serializes the server's writes: one ingest at a time, in arrival order. Other processes are kept out by DuckDB's file
 * lock (409). When the server stops ({@link #stop}: SIGINT/SIGTERM, or a signal that interrupted an ingest), the gate
 * closes at once: no write starts any more, the writes waiting for their turn get 503, and so do the uploads still
 * arriving (answered before their body is complete, and their connection closed). A write that has started is let
 * finish; at shutdown the gate waits for it, so the warehouse is closed cleanly.
 */
@Singleton
public class WriteGate {

    static final long SHUTDOWN_WAIT_SECONDS = 120;
    private static final long POLL_MILLIS = 50;

    private final ReentrantLock lock = new ReentrantLock(true);
    private final Set<Arrival> arriving = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    /** Thrown instead of starting a write once the server is stopping. */
    public static final class Closed extends RuntimeException {
        Closed() {
            super(STOPPING);
        }
    }

    static final String STOPPING = "the server is stopping; nothing was done";

    /** A write request on its way in: its routing context, and the event loop it is served on. */
    private record Arrival(RoutingContext request, Context context) {
    }

    /** Runs {@code write} alone among this process's writes; {@link Closed} once the server is stopping. */
    public <T> T serialized(Supplier<T> write) {
        try {
            while (!lock.tryLock(POLL_MILLIS, TimeUnit.MILLISECONDS)) {
                if (closed) {
                    throw new Closed();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Closed();
        }
        try {
            if (closed) {
                throw new Closed();
            }
            return write.get();
        } finally {
            lock.unlock();
        }
    }

    /** Whether the server is stopping. */
    public boolean stopping() {
        return closed;
    }

    /** Follows a write request from its arrival (on its event loop) until its answer, so that a stop can answer it. */
    void arriving(RoutingContext request) {
        Arrival arrival = new Arrival(request, Vertx.currentContext());
        arriving.add(arrival);
        request.addEndHandler(ended -> arriving.remove(arrival));
        if (closed) {
            answerStopping(arrival.request());
        }
    }

    /**
     * The server stops: no write starts from now on, and each upload still arriving is answered 503 at once (on its
     * own event loop), its connection closed. Those whose body has arrived get {@link Closed} at the gate instead.
     */
    public void stop() {
        closed = true;
        for (Arrival arrival : arriving) {
            if (arrival.context() != null) {
                arrival.context().runOnContext(ignored -> answerStopping(arrival.request()));
            }
        }
    }

    private static void answerStopping(RoutingContext context) {
        if (context.request().isEnded() || context.response().ended() || context.response().headWritten()) {
            return;
        }
        context.response().setStatusCode(503)
                .putHeader("Content-Type", "application/json")
                .putHeader("Connection", "close")
                .end(ApiErrors.json(503, STOPPING))
                .onComplete(written -> context.request().connection().close());
    }

    void onShutdown(@Observes ShutdownEvent event) {
        closed = true;
        try {
            if (lock.tryLock(SHUTDOWN_WAIT_SECONDS, TimeUnit.SECONDS)) {
                lock.unlock();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
