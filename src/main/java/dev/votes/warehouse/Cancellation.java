package dev.votes.warehouse;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Lets another thread (a signal handler) stop the work on one connection: {@link #cancel(String)} cancels the statement
 * a {@link SqlStatement} is running on it, and every later statement on that connection fails at once, until
 * {@link #close()}.
 */
public final class Cancellation implements AutoCloseable {

    private static final Map<Connection, Cancellation> WATCHED = new ConcurrentHashMap<>();

    private final Connection connection;
    private volatile Statement running;
    private volatile String reason;

    private Cancellation(Connection connection) {
        this.connection = connection;
    }

    /** Starts watching the connection's statements. */
    public static Cancellation watch(Connection connection) {
        Cancellation cancellation = new Cancellation(connection);
        WATCHED.put(connection, cancellation);
        return cancellation;
    }

    /** Cancels the running statement and refuses the next ones; {@code why} says who asked (e.g. "SIGINT"). */
    public void cancel(String why) {
        reason = why;
        Statement statement = running;
        if (statement != null) {
            try {
                statement.cancel();
            } catch (SQLException | RuntimeException ignored) {
                // The statement finished or closed meanwhile: the next one is refused by checkCancelled.
            }
        }
    }

    /** The statement running now, or null between statements (for progress polling). */
    public Statement running() {
        return running;
    }

    /** Who cancelled, or null when nobody did. */
    public String reason() {
        return reason;
    }

    @Override
    public void close() {
        WATCHED.remove(connection, this);
    }

    static void starting(Connection connection, Statement statement) throws SQLException {
        Cancellation cancellation = WATCHED.get(connection);
        if (cancellation != null) {
            cancellation.checkCancelled();
            cancellation.running = statement;
            cancellation.checkCancelled();
        }
    }

    static void finished(Connection connection) {
        Cancellation cancellation = WATCHED.get(connection);
        if (cancellation != null) {
            cancellation.running = null;
        }
    }

    private void checkCancelled() throws SQLException {
        if (reason != null) {
            throw new SQLException("INTERRUPT Error: cancelled by " + reason);
        }
    }
}
