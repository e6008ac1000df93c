package dev.votes.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Array;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * What {@link IngestFuzzTest} compares before and after a run, read through bare JDBC with the warehouse opened
 * read-only (independent of the code under test): the totals of every table, and one run's ledger row, rows and
 * quarantined lines.
 */
final class WarehouseSnapshot {

    /** The totals: votes, quarantined lines, file-ledger rows, ledger rows and the highest run id (0 when none). */
    record Totals(long votes, long rejected, long ingestedFiles, long runs, long maxRunId) {
        static final Totals NONE = new Totals(0, 0, 0, 0, 0);
    }

    /** A run's ledger row. */
    record Run(long runId, String status, List<String> files, long read, long inserted, long duplicates, long rejected,
               List<String> filesSkipped, String error) {
    }

    /** One quarantined line. */
    record Reject(String sourceFile, long lineNumber, String raw, String reason) {
    }

    private WarehouseSnapshot() {
    }

    static Totals totals(Path db) throws SQLException {
        if (!Files.exists(db)) {
            return Totals.NONE;
        }
        try (Connection connection = open(db)) {
            return totals(connection);
        }
    }

    private static Totals totals(Connection connection) throws SQLException {
        if (count(connection, "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'blog_analysis' "
                + "AND table_name = 'ingestion_runs'") == 0) {
            return Totals.NONE;
        }
        return new Totals(count(connection, "SELECT count(*) FROM blog_analysis.votes"),
                count(connection, "SELECT count(*) FROM blog_analysis.rejected_votes"),
                count(connection, "SELECT count(*) FROM blog_analysis.ingested_files"),
                count(connection, "SELECT count(*) FROM blog_analysis.ingestion_runs"),
                count(connection, "SELECT coalesce(max(run_id), 0) FROM blog_analysis.ingestion_runs"));
    }

    /** The totals, and the statuses of the runs after {@code runId}. */
    record AfterFailure(Totals totals, List<String> statusesOfNewRuns) {
    }

    static AfterFailure afterFailure(Path db, long runId) throws SQLException {
        if (!Files.exists(db)) {
            return new AfterFailure(Totals.NONE, List.of());
        }
        try (Connection connection = open(db)) {
            Totals totals = totals(connection);
            List<String> statuses = new ArrayList<>();
            if (totals.runs() > 0) {
                try (PreparedStatement statement = connection.prepareStatement(
                        "SELECT status FROM blog_analysis.ingestion_runs WHERE run_id > ? ORDER BY run_id")) {
                    statement.setLong(1, runId);
                    try (ResultSet result = statement.executeQuery()) {
                        while (result.next()) {
                            statuses.add(result.getString(1));
                        }
                    }
                }
            }
            return new AfterFailure(totals, statuses);
        }
    }

    /**
     * The totals after a run, and everything about the run: its ledger row, its rows in votes, its quarantined lines,
     * and the format of every file in the file ledger.
     */
    record RunDetail(Totals totals, Run run, long votesOfRun, List<Reject> rejects, Map<String, String> formats) {
    }

    static RunDetail run(Path db, long runId) throws SQLException {
        try (Connection connection = open(db)) {
            Totals totals = totals(connection);
            Run run = null;
            try (PreparedStatement statement = connection.prepareStatement("SELECT run_id, status, files, rows_read, "
                    + "rows_inserted, duplicates_skipped, rows_rejected, files_skipped, error "
                    + "FROM blog_analysis.ingestion_runs WHERE run_id = ?")) {
                statement.setLong(1, runId);
                try (ResultSet result = statement.executeQuery()) {
                    if (result.next()) {
                        run = new Run(result.getLong(1), result.getString(2), texts(result.getArray(3)),
                                result.getLong(4), result.getLong(5), result.getLong(6), result.getLong(7),
                                texts(result.getArray(8)), result.getString(9));
                    }
                }
            }
            long votesOfRun;
            try (PreparedStatement statement = connection.prepareStatement(
                    "SELECT count(*) FROM blog_analysis.votes WHERE IngestionRunId = ?")) {
                statement.setLong(1, runId);
                try (ResultSet result = statement.executeQuery()) {
                    result.next();
                    votesOfRun = result.getLong(1);
                }
            }
            List<Reject> rejects = new ArrayList<>();
            try (PreparedStatement statement = connection.prepareStatement("SELECT source_file, line_number, raw, "
                    + "reason FROM blog_analysis.rejected_votes WHERE run_id = ? ORDER BY source_file, line_number")) {
                statement.setLong(1, runId);
                try (ResultSet result = statement.executeQuery()) {
                    while (result.next()) {
                        rejects.add(new Reject(result.getString(1), result.getLong(2), result.getString(3),
                                result.getString(4)));
                    }
                }
            }
            Map<String, String> formats = new HashMap<>();
            try (PreparedStatement statement = connection.prepareStatement(
                    "SELECT path, format FROM blog_analysis.ingested_files");
                 ResultSet result = statement.executeQuery()) {
                while (result.next()) {
                    formats.put(result.getString(1), result.getString(2));
                }
            }
            return new RunDetail(totals, run, votesOfRun, rejects, formats);
        }
    }

    private static Connection open(Path db) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("duckdb.read_only", "true");
        return DriverManager.getConnection("jdbc:duckdb:" + db, properties);
    }

    private static long count(Connection connection, String sql) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql);
             ResultSet result = statement.executeQuery()) {
            result.next();
            return result.getLong(1);
        }
    }

    private static List<String> texts(Array array) throws SQLException {
        if (array == null) {
            return List.of();
        }
        List<String> texts = new ArrayList<>();
        for (Object value : (Object[]) array.getArray()) {
            texts.add(String.valueOf(value));
        }
        return texts;
    }
}
