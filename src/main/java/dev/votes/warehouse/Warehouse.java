package dev.votes.warehouse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.inject.Singleton;

import dev.votes.common.ErrorHandler;
import dev.votes.common.Table;
import dev.votes.common.ExitCodes;
import dev.votes.common.VotesException;

/**
 * Opens the DuckDB warehouse file through plain JDBC and keeps its schema. Callers close what they open (try-with-
 * resources), so the file is closed cleanly and another process can open it right after.
 *
 * <p>DuckDB lets one process at a time hold a file: a second process gets a lock conflict. That is reported as exit
 * code 4 with the holder's PID and command line, or waited out for up to {@link WarehouseFile#lockWait()}.
 */
@Singleton
public class Warehouse {

    /** The statements that create the warehouse's schema, in order; each is idempotent. */
    private static final List<String> SCHEMA = List.of(
            "create_schema",
            "create_votes_table",
            "create_rejected_votes_table",
            "create_ingestion_runs_table",
            "add_ingestion_runs_files_skipped_column",
            "add_ingestion_runs_unknown_fields_column",
            "create_ingested_files_table",
            "add_ingested_files_format_column",
            "create_ingestion_run_id_sequence");

    /** DuckDB's lock-conflict message: {@code Conflicting lock is held in /usr/bin/java (PID 1234) by user root}. */
    private static final Pattern LOCK_HOLDER = Pattern.compile("Conflicting lock is held in (.*?) \\(PID (\\d+)\\)");

    private static final Duration LOCK_POLL = Duration.ofMillis(100);

    /** Opens the warehouse for writing, creating the file (not its directory) when it does not exist yet. */
    public Connection openForWriting(WarehouseFile warehouse) {
        Path database = warehouse.path();
        Path parent = database.toAbsolutePath().getParent();
        if (parent != null && !Files.isDirectory(parent)) {
            throw new VotesException(ExitCodes.FAILURE, "cannot create warehouse " + database + ": directory " + parent
                    + " does not exist (create it, or pass another --db)");
        }
        if (Files.isDirectory(database)) {
            throw new VotesException(ExitCodes.FAILURE, "--db " + database + " is a directory, not a warehouse file");
        }
        return open(warehouse, false);
    }

    /** Opens an existing warehouse for writing; refuses to create one. */
    public Connection openExisting(WarehouseFile warehouse) {
        requireExisting(warehouse.path());
        return open(warehouse, false);
    }

    /** Opens an existing warehouse read-only (for commands that only look); refuses to create one. */
    public Connection openReadOnly(WarehouseFile warehouse) {
        requireExisting(warehouse.path());
        return open(warehouse, true);
    }

    /** Creates the schema, tables and sequence if they are missing, each in its own auto-committed statement. */
    public void ensureSchema(Connection connection) throws SQLException {
        for (String statement : SCHEMA) {
            Sql.execute(connection, statement);
        }
    }

    /** DuckDB's effective settings, read back: {@code memory_limit 732.4 MiB, threads 2, temp_directory ...}. */
    public String describeSettings(Connection connection) throws SQLException {
        Table settings = Sql.queryTable(connection, "select_engine_settings");
        StringBuilder line = new StringBuilder("duckdb");
        for (int i = 0; i < settings.columns().size(); i++) {
            line.append(i == 0 ? " " : ", ").append(settings.columns().get(i)).append(' ')
                    .append(settings.rows().getFirst().get(i));
        }
        return line.toString();
    }

    /** Whether {@code blog_analysis.votes} exists. */
    public boolean hasVotesTable(Connection connection) throws SQLException {
        return Sql.queryLong(connection, "count_votes_tables") > 0;
    }

    private static void requireExisting(Path database) {
        if (Files.isDirectory(database)) {
            throw new VotesException(ExitCodes.FAILURE, "--db " + database + " is a directory, not a warehouse file");
        }
        if (!Files.isRegularFile(database)) {
            throw new VotesException(ExitCodes.FAILURE, "no warehouse at " + database
                    + ": run 'votes ingest FILE' first, or pass --db PATH (env VOTES_DB)");
        }
    }

    private Connection open(WarehouseFile warehouse, boolean readOnly) {
        Path database = warehouse.path();
        long deadline = System.nanoTime() + warehouse.lockWait().toNanos();
        while (true) {
            try {
                return connect(warehouse, readOnly);
            } catch (SQLException e) {
                Matcher holder = LOCK_HOLDER.matcher(String.valueOf(e.getMessage()));
                if (!holder.find()) {
                    throw new VotesException(ExitCodes.FAILURE, "cannot open warehouse " + database + ": "
                            + ErrorHandler.firstLine(e.getMessage()) + hint(database), e);
                }
                long remaining = deadline - System.nanoTime();
                if (remaining <= 0) {
                    throw new VotesException(ExitCodes.WAREHOUSE_BUSY, "warehouse " + database + " is busy: "
                            + describeHolder(holder.group(2), holder.group(1))
                            + (warehouse.lockWait().isZero() ? " holds its lock; nothing was done (retry later, or "
                            + "pass --wait SECONDS to wait for it)" : " still holds its lock after waiting "
                            + warehouse.lockWait().toMillis() / 1000.0 + " s; nothing was done"), e);
                }
                sleep(Math.min(remaining, LOCK_POLL.toNanos()));
            }
        }
    }

    private static Connection connect(WarehouseFile warehouse, boolean readOnly) throws SQLException {
        Path database = warehouse.path();
        try {
            // Loaded here, not in a static initializer: DriverManager discovers drivers once per class loader (Quarkus
            // tests use several), and a native image must not register the driver at build time.
            Class.forName("org.duckdb.DuckDBDriver");
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("the DuckDB JDBC driver is missing from the build", e);
        }
        Properties properties = new Properties();
        if (readOnly) {
            properties.setProperty("duckdb.read_only", "true");
        }
        EngineSettings engine = warehouse.engine();
        if (engine != null) {
            // DuckDB configuration options, passed when the database is opened: validated values, never SQL text.
            properties.setProperty("memory_limit", engine.memoryLimit());
            if (engine.threads() != null) {
                properties.setProperty("threads", engine.threads().toString());
            }
            properties.setProperty("temp_directory", warehouse.tempDirectory().toAbsolutePath().toString());
        }
        Connection connection = DriverManager.getConnection("jdbc:duckdb:" + database, properties);
        try {
            Sql.execute(connection, "set_time_zone_utc");
        } catch (SQLException e) {
            connection.close();
            throw e;
        }
        return connection;
    }

    /** "process 1234 (votes ingest big.jsonl)": the PID, and its command line when this process may see it. */
    private static String describeHolder(String pid, String program) {
        String command = ProcessHandle.of(Long.parseLong(pid))
                .flatMap(process -> process.info().commandLine())
                .map(line -> line.length() > 160 ? line.substring(0, 157) + "..." : line)
                .orElse(program);
        return "process " + pid + " (" + command + ")";
    }

    private static String hint(Path database) {
        if (Files.exists(database) && !Files.isWritable(database)) {
            return " (the file is not writable: check its permissions)";
        }
        return "";
    }

    private static void sleep(long nanos) {
        try {
            Thread.sleep(Duration.ofNanos(nanos));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new VotesException(ExitCodes.FAILURE, "interrupted while waiting for the warehouse lock", e);
        }
    }
}
