package dev.votes.ingest;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

import org.duckdb.DuckDBPreparedStatement;

import dev.votes.common.Progress;
import dev.votes.warehouse.Cancellation;
import dev.votes.warehouse.Engine;

/**
 * The progress bar of a load: a daemon thread polls DuckDB's progress of the statement running on the load's connection
 * every 200 ms and redraws the bar with the current task. Only started when the bar is wanted (a terminal).
 */
final class LoadProgress implements AutoCloseable {

    private static final long POLL_MILLIS = 200;

    private final Progress progress;
    private final Thread poller;
    private volatile String task = "starting";
    private volatile boolean closed;

    private LoadProgress(Progress progress, Cancellation statements) {
        this.progress = progress;
        this.poller = progress.wantsBar() ? Thread.ofPlatform().daemon().name("votes-progress")
                .unstarted(() -> poll(statements)) : null;
    }

    /** Starts the bar when {@code progress} wants one; otherwise returns an object that does nothing. */
    static LoadProgress start(Connection connection, Progress progress, Cancellation statements) throws SQLException {
        LoadProgress load = new LoadProgress(progress, statements);
        if (load.poller != null) {
            new Engine(connection).enableQueryProgress();
            load.poller.start();
        }
        return load;
    }

    /** Names what the load does now; the bar shows it at once. */
    void task(String now) {
        task = now;
        if (poller != null) {
            progress.bar(now, -1);
        }
    }

    private void poll(Cancellation statements) {
        while (!closed) {
            try {
                Thread.sleep(POLL_MILLIS);
                Statement running = statements.running();
                if (running != null && !closed && running.isWrapperFor(DuckDBPreparedStatement.class)) {
                    double percent = running.unwrap(DuckDBPreparedStatement.class).getQueryProgress().getPercentage();
                    progress.bar(task, percent);
                }
            } catch (InterruptedException e) {
                return;
            } catch (SQLException | RuntimeException e) {
                // The statement finished or closed between the two calls: the next poll sees the next one.
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        if (poller != null) {
            poller.interrupt();
            try {
                poller.join(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            progress.clearBar();
        }
    }
}
