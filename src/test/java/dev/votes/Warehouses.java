package dev.votes;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/** Test access to a warehouse file through bare JDBC, independent of the code under test. */
public final class Warehouses {

    static {
        try {
            Class.forName("org.duckdb.DuckDBDriver");
        } catch (ClassNotFoundException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private Warehouses() {
    }

    /** All rows of a query, each as a list of values, with the warehouse opened read-only. */
    public static List<List<Object>> query(Path database, String sql) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("duckdb.read_only", "true");
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:" + database, properties);
             Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery(sql)) {
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

    /** DuckDB's storage_version tag of the file (e.g. {@code v1.0.0+}), read through bare JDBC. */
    public static String storageVersion(Path database) throws SQLException {
        return (String) query(database, "SELECT tags['storage_version'] FROM duckdb_databases() "
                + "WHERE database_name = current_database()").getFirst().getFirst();
    }

    /**
     * The storage format number in the file's header, read from its bytes (independent of DuckDB): a little-endian
     * uint64 after the header checksum and the magic {@code DUCK}. 64 is what DuckDB 1.0 and 1.1 read.
     */
    public static long formatNumber(Path database) throws java.io.IOException {
        byte[] head = new byte[20];
        try (java.io.InputStream in = java.nio.file.Files.newInputStream(database)) {
            if (in.readNBytes(head, 0, head.length) != head.length) {
                throw new java.io.IOException(database + " is shorter than a DuckDB header");
            }
        }
        if (!new String(head, 8, 4, java.nio.charset.StandardCharsets.US_ASCII).equals("DUCK")) {
            throw new java.io.IOException(database + " is not a DuckDB file");
        }
        return java.nio.ByteBuffer.wrap(head, 12, 8).order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong();
    }

    public static long count(Path database, String sql) throws SQLException {
        return ((Number) query(database, sql).getFirst().getFirst()).longValue();
    }

    /** Runs statements with the warehouse opened for writing (to prepare a fault). */
    public static void execute(Path database, String... sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:" + database);
             Statement statement = connection.createStatement()) {
            for (String s : sql) {
                statement.execute(s);
            }
        }
    }

    /**
     * A fault for a later load to run into: the votes table is replaced by a stricter copy (same rows) that refuses
     * any Id from {@code firstRefusedId} up, so an insert fails inside the load transaction.
     */
    public static void refuseIdsFrom(Path database, long firstRefusedId) throws SQLException {
        execute(database, "ALTER TABLE blog_analysis.votes RENAME TO votes_before",
                "CREATE TABLE blog_analysis.votes (Id BIGINT PRIMARY KEY, PostId BIGINT NOT NULL, "
                        + "VoteTypeId INTEGER NOT NULL, UserId BIGINT, BountyAmount INTEGER, "
                        + "CreationDate TIMESTAMP NOT NULL, IngestionRunId BIGINT NOT NULL, CHECK (Id < "
                        + firstRefusedId + "))",
                "INSERT INTO blog_analysis.votes SELECT * FROM blog_analysis.votes_before",
                "DROP TABLE blog_analysis.votes_before");
    }
}
