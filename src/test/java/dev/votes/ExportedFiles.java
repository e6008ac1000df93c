package dev.votes;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Test access to the files of {@code votes export} through bare JDBC, independent of the code under test: queries run
 * on the warehouse opened read-only (so they can compare the Parquet files with its tables) or on an in-memory DuckDB,
 * with the files' paths bound as parameters.
 */
public final class ExportedFiles {

    static {
        try {
            Class.forName("org.duckdb.DuckDBDriver");
        } catch (ClassNotFoundException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private ExportedFiles() {
    }

    /** The glob of an export's vote files, for {@code read_parquet(?, hive_partitioning = true)}. */
    public static String votes(Path export) {
        return export.resolve("votes") + "/**/*.parquet";
    }

    /** All rows of a query, on the warehouse opened read-only ({@code database} null: an in-memory database). */
    public static List<List<Object>> query(Path database, String sql, Object... parameters) throws SQLException {
        Properties properties = new Properties();
        if (database != null) {
            properties.setProperty("duckdb.read_only", "true");
        }
        try (Connection connection = DriverManager.getConnection(
                "jdbc:duckdb:" + (database == null ? "" : database.toString()), properties);
             PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            try (ResultSet result = statement.executeQuery()) {
                List<List<Object>> rows = new ArrayList<>();
                int columns = result.getMetaData().getColumnCount();
                while (result.next()) {
                    List<Object> row = new ArrayList<>();
                    for (int i = 1; i <= columns; i++) {
                        row.add(result.getObject(i));
                    }
                    rows.add(row);
                }
                return rows;
            }
        }
    }

    public static long count(Path database, String sql, Object... parameters) throws SQLException {
        return ((Number) query(database, sql, parameters).getFirst().getFirst()).longValue();
    }

    /** Rows of numbers as longs, to compare INTEGER and BIGINT columns with each other. */
    public static List<List<Long>> longs(List<List<Object>> rows) {
        return rows.stream().map(row -> row.stream().map(value -> ((Number) value).longValue()).toList()).toList();
    }

    /** Every file under a directory by its relative path (with '/'), mapped to its bytes; sorted by path. */
    public static Map<String, byte[]> files(Path directory) throws IOException {
        Map<String, byte[]> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(directory)) {
            for (Path file : (Iterable<Path>) walk.filter(Files::isRegularFile)::iterator) {
                files.put(directory.relativize(file).toString().replace('\\', '/'), Files.readAllBytes(file));
            }
        }
        return files;
    }

    /** The names in a directory that a staging or set-aside directory of an export would have. */
    public static List<String> leftovers(Path directory) throws IOException {
        try (Stream<Path> list = Files.list(directory)) {
            return list.map(path -> path.getFileName().toString())
                    .filter(name -> name.contains(".export-") || name.contains(".previous-"))
                    .sorted().toList();
        }
    }
}
