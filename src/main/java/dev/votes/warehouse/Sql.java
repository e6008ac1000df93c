package dev.votes.warehouse;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.votes.common.Table;
import dev.votes.common.Trace;

/**
 * Named SQL statements, one per resource {@code sql/NAME.sql}, always run as prepared statements: values (file paths
 * included) are bound as parameters, never spliced into the SQL text.
 */
public final class Sql {

    private static final Map<String, String> TEXTS = new ConcurrentHashMap<>();

    private Sql() {
    }

    /** The text of the statement {@code sql/NAME.sql}. */
    public static String text(String name) {
        return TEXTS.computeIfAbsent(name, Sql::load);
    }

    /** Runs a statement that returns no rows; returns its update count. */
    public static long execute(Connection connection, String name, Object... parameters) throws SQLException {
        long started = Trace.start();
        try (PreparedStatement statement = prepare(connection, name, parameters)) {
            Cancellation.starting(connection, statement);
            statement.execute();
            return Math.max(0, statement.getLargeUpdateCount());
        } finally {
            Cancellation.finished(connection);
            Trace.done(name, started);
        }
    }

    /**
     * Runs a statement whose text takes a digest where SQL allows no parameter (a {@code COMMENT}), in place of
     * {@code {digest}}: hex digits only, never data from outside.
     */
    public static void executeWithDigest(Connection connection, String name, String hex) throws SQLException {
        if (!hex.matches("[0-9a-f]+")) {
            throw new IllegalArgumentException("not hex digits: " + hex);
        }
        long started = Trace.start();
        try (PreparedStatement statement = connection.prepareStatement(text(name).replace("{digest}", hex))) {
            statement.execute();
        } finally {
            Trace.done(name, started);
        }
    }

    /** A list of texts as a SQL {@code VARCHAR[]} parameter. */
    public static java.sql.Array textArray(Connection connection, List<String> texts) throws SQLException {
        return connection.createArrayOf("VARCHAR", texts.toArray(String[]::new));
    }

    /** A short digest of statement texts (16 hex digits of their SHA-256): what a {@code {digest}} stands for. */
    public static String digest(List<String> texts) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            for (String text : texts) {
                sha256.update(text.getBytes(StandardCharsets.UTF_8));
                sha256.update((byte) 0);
            }
            return HexFormat.of().formatHex(sha256.digest(), 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Runs a query whose answer is one number. */
    public static long queryLong(Connection connection, String name, Object... parameters) throws SQLException {
        try (PreparedStatement statement = prepare(connection, name, parameters);
             ResultSet result = executeQuery(connection, statement, name)) {
            result.next();
            return result.getLong(1);
        }
    }

    /** Runs a query whose answer is one row of numbers. */
    public static long[] queryLongs(Connection connection, String name, Object... parameters) throws SQLException {
        try (PreparedStatement statement = prepare(connection, name, parameters);
             ResultSet result = executeQuery(connection, statement, name)) {
            result.next();
            long[] values = new long[result.getMetaData().getColumnCount()];
            for (int i = 0; i < values.length; i++) {
                values[i] = result.getLong(i + 1);
            }
            return values;
        }
    }

    /** Runs a query and keeps all its rows (for small results that are printed). */
    public static Table queryTable(Connection connection, String name, Object... parameters) throws SQLException {
        try (PreparedStatement statement = prepare(connection, name, parameters);
             ResultSet result = executeQuery(connection, statement, name)) {
            ResultSetMetaData meta = result.getMetaData();
            List<String> columns = new ArrayList<>();
            for (int i = 1; i <= meta.getColumnCount(); i++) {
                columns.add(meta.getColumnLabel(i));
            }
            List<List<Object>> rows = new ArrayList<>();
            while (result.next()) {
                List<Object> row = new ArrayList<>(columns.size());
                for (int i = 1; i <= columns.size(); i++) {
                    row.add(result.getObject(i));
                }
                rows.add(row);
            }
            return new Table(columns, rows);
        }
    }

    private static ResultSet executeQuery(Connection connection, PreparedStatement statement, String name)
            throws SQLException {
        long started = Trace.start();
        try {
            Cancellation.starting(connection, statement);
            return statement.executeQuery();
        } finally {
            Cancellation.finished(connection);
            Trace.done(name, started);
        }
    }

    private static PreparedStatement prepare(Connection connection, String name, Object... parameters)
            throws SQLException {
        PreparedStatement statement = connection.prepareStatement(text(name));
        try {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            return statement;
        } catch (SQLException e) {
            statement.close();
            throw e;
        }
    }

    private static String load(String name) {
        String resource = "/sql/" + name + ".sql";
        try (InputStream in = Sql.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing SQL resource " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
