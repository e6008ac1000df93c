package dev.votes.warehouse;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * The gateway to DuckDB's own settings of a connection ({@code sql/engine/}): the time zone, the resource settings read
 * back, progress polling, and the checkpoint.
 */
public final class Engine {

    private static final SqlStatement<Void> SET_TIME_ZONE_UTC = SqlStatement.of("engine/set_time_zone_utc");
    private static final SqlStatement<Void> SETTINGS = SqlStatement.of("engine/select_engine_settings");
    private static final SqlStatement<Void> CHECKPOINT = SqlStatement.of("engine/checkpoint");
    private static final SqlStatement<Void> DISABLE_PROGRESS_PRINTING =
            SqlStatement.of("engine/disable_engine_progress_printing");
    private static final SqlStatement<Void> ENABLE_QUERY_PROGRESS = SqlStatement.of("engine/enable_query_progress");

    /**
     * DuckDB's effective resource settings, as it reports them.
     *
     * @param memoryLimit   e.g. {@code 732.4 MiB}
     * @param threads       e.g. {@code 2}
     * @param tempDirectory where DuckDB spills
     */
    public record Settings(String memoryLimit, String threads, String tempDirectory) {

        /** {@code memory_limit 732.4 MiB, threads 2, temp_directory ...}. */
        public String describe() {
            return "memory_limit " + memoryLimit + ", threads " + threads + ", temp_directory " + tempDirectory;
        }
    }

    private final Connection connection;

    public Engine(Connection connection) {
        this.connection = connection;
    }

    /** Timestamps without a zone are UTC on this connection. */
    public void setTimeZoneUtc() throws SQLException {
        SET_TIME_ZONE_UTC.execute(connection);
    }

    public Settings settings() throws SQLException {
        return SETTINGS.queryOne(connection, null, row -> new Settings(row.getString("memory_limit"),
                row.getString("threads"), row.getString("temp_directory")));
    }

    /** Writes what is committed into the database file. */
    public void checkpoint() throws SQLException {
        CHECKPOINT.execute(connection);
    }

    /** Lets the tool poll each statement's progress, and keeps DuckDB from drawing its own bar. */
    public void enableQueryProgress() throws SQLException {
        DISABLE_PROGRESS_PRINTING.execute(connection);
        ENABLE_QUERY_PROGRESS.execute(connection);
    }
}
