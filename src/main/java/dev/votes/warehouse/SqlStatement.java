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
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

import dev.votes.common.Trace;

/**
 * One statement file, {@code sql/FOLDER/NAME.sql}, as a gateway declares it: its name and its named parameters, each
 * with the code that takes its value from the argument {@code P} of a call. It runs only as a prepared statement: values
 * (file paths included) are bound, never spliced into the SQL text.
 *
 * <p>The file is read and parsed ({@link SqlText}: {@code :name} parameters, {@code {include ...}} fragments) at its
 * first use and kept. Its parameters must be exactly the declared ones, or the first use fails naming the difference;
 * {@code SqlStatementsTest} checks every statement of every gateway against its file without running it.
 *
 * <p>Bound values are passed to the driver as they are, except a {@link List} (a {@code VARCHAR[]}) and a
 * {@link RunStatus} (its ledger value).
 *
 * @param <P> what a call passes: a record or other object the parameters' values are taken from ({@link Void} when the
 *            statement has no parameters)
 */
public final class SqlStatement<P> {

    /** A named parameter and where its value comes from. */
    public record Param<P>(String name, Function<? super P, ?> value) {
    }

    /** Maps the current row of a result to a record, by column name. */
    @FunctionalInterface
    public interface RowMapper<R> {
        R map(ResultRow row) throws SQLException;
    }

    private final String name;
    private final List<Param<P>> params;
    private volatile SqlText text;

    private SqlStatement(String name, List<Param<P>> params) {
        this.name = name;
        this.params = params;
    }

    /** The statement {@code sql/NAME.sql} ({@code NAME} is {@code folder/file}) with these parameters. */
    @SafeVarargs
    public static <P> SqlStatement<P> of(String name, Param<P>... params) {
        return new SqlStatement<>(name, List.of(params));
    }

    /** The parameter {@code :name}, valued by {@code value} from the call's argument. */
    public static <P> Param<P> param(String name, Function<? super P, ?> value) {
        return new Param<>(name, value);
    }

    /** The parameter {@code :name} bound to the same value on every call (a run status, say). */
    public static <P> Param<P> constant(String name, Object value) {
        return new Param<>(name, ignored -> value);
    }

    /** {@code folder/file}, as in {@code sql/folder/file.sql}; also the name a trace line gives it. */
    public String name() {
        return name;
    }

    /** The declared parameter names, in declaration order. */
    public List<String> parameterNames() {
        return params.stream().map(Param::name).toList();
    }

    /** The text as prepared: fragments included, {@code :name} as {@code $n}; else as in the file. */
    public String text() {
        return parsed().jdbc();
    }

    /** Runs a statement that returns no rows; returns its update count. */
    public long execute(Connection connection, P argument) throws SQLException {
        long started = Trace.start();
        try (PreparedStatement statement = prepare(connection, argument)) {
            Cancellation.starting(connection, statement);
            statement.execute();
            return Math.max(0, statement.getLargeUpdateCount());
        } finally {
            Cancellation.finished(connection);
            Trace.done(name, started);
        }
    }

    /** {@link #execute(Connection, Object)} of a statement without parameters. */
    public long execute(Connection connection) throws SQLException {
        return execute(connection, null);
    }

    /**
     * Runs a statement that takes a digest where SQL allows no parameter (a {@code COMMENT}), in place of
     * {@code {digest}}: hex digits only, never data from outside.
     */
    public void executeWithDigest(Connection connection, String hex) throws SQLException {
        if (!hex.matches("[0-9a-f]+")) {
            throw new IllegalArgumentException("not hex digits: " + hex);
        }
        if (!params.isEmpty()) {
            throw new IllegalStateException("sql/" + name + ".sql takes parameters: it cannot take a digest");
        }
        long started = Trace.start();
        try (PreparedStatement statement = connection.prepareStatement(text().replace("{digest}", hex))) {
            statement.execute();
        } finally {
            Trace.done(name, started);
        }
    }

    /** Runs a query whose answer is one number (one row, one column). */
    public long queryLong(Connection connection, P argument) throws SQLException {
        return queryOne(connection, argument, row -> row.onlyLong());
    }

    /** {@link #queryLong(Connection, Object)} of a statement without parameters. */
    public long queryLong(Connection connection) throws SQLException {
        return queryLong(connection, null);
    }

    /** Runs a query whose answer is one row (its first row, when it has more), mapped to a record. */
    public <R> R queryOne(Connection connection, P argument, RowMapper<R> mapper) throws SQLException {
        try (PreparedStatement statement = prepare(connection, argument);
             ResultSet result = executeQuery(connection, statement)) {
            if (!result.next()) {
                throw new SQLException("sql/" + name + ".sql returned no row");
            }
            return mapper.map(new ResultRow(result));
        }
    }

    /** Runs a query and maps its first row; empty when there is none (or the mapping is null, a NULL value). */
    public <R> Optional<R> queryFirst(Connection connection, P argument, RowMapper<R> mapper) throws SQLException {
        try (PreparedStatement statement = prepare(connection, argument);
             ResultSet result = executeQuery(connection, statement)) {
            return result.next() ? Optional.ofNullable(mapper.map(new ResultRow(result))) : Optional.empty();
        }
    }

    /** Runs a query and maps every row (for small results). */
    public <R> List<R> queryList(Connection connection, P argument, RowMapper<R> mapper) throws SQLException {
        try (PreparedStatement statement = prepare(connection, argument);
             ResultSet result = executeQuery(connection, statement)) {
            List<R> rows = new ArrayList<>();
            ResultRow row = new ResultRow(result);
            while (result.next()) {
                rows.add(mapper.map(row));
            }
            return rows;
        }
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

    @Override
    public String toString() {
        return "sql/" + name + ".sql";
    }

    private ResultSet executeQuery(Connection connection, PreparedStatement statement) throws SQLException {
        long started = Trace.start();
        try {
            Cancellation.starting(connection, statement);
            return statement.executeQuery();
        } finally {
            Cancellation.finished(connection);
            Trace.done(name, started);
        }
    }

    private PreparedStatement prepare(Connection connection, P argument) throws SQLException {
        SqlText parsed = parsed();
        PreparedStatement statement = connection.prepareStatement(parsed.jdbc());
        try {
            for (Param<P> param : params) {
                statement.setObject(parsed.parameters().indexOf(param.name()) + 1,
                        sqlValue(connection, param.value().apply(argument)));
            }
            return statement;
        } catch (SQLException | RuntimeException e) {
            statement.close();
            throw e;
        }
    }

    private static Object sqlValue(Connection connection, Object value) throws SQLException {
        if (value instanceof RunStatus status) {
            return status.value();
        }
        if (value instanceof List<?> list) {
            return connection.createArrayOf("VARCHAR", list.stream().map(String::valueOf).toArray(String[]::new));
        }
        return value;
    }

    private SqlText parsed() {
        SqlText parsed = text;
        if (parsed == null) {
            parsed = SqlText.parse(name, SqlStatement::load);
            Set<String> declared = new TreeSet<>(parameterNames());
            Set<String> used = new TreeSet<>(parsed.parameters());
            if (!declared.equals(used) || declared.size() != params.size()) {
                throw new IllegalStateException("sql/" + name + ".sql uses the parameters " + used
                        + ", its gateway binds " + parameterNames());
            }
            text = parsed;
        }
        return parsed;
    }

    /** The text of {@code sql/NAME.sql}, as in the file. */
    static String load(String name) {
        String resource = "/sql/" + name + ".sql";
        try (InputStream in = SqlStatement.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing SQL resource " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
