package dev.votes.warehouse;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.inject.Singleton;

import dev.votes.common.Text;
import dev.votes.common.Trace;
import dev.votes.failure.BadInput;
import dev.votes.failure.NothingCommitted;
import dev.votes.failure.WarehouseBusy;
import dev.votes.warehouse.library.DuckDbLibrary;

/**
 * Opens the DuckDB warehouse file through plain JDBC and keeps its schema. Callers close what they open (try-with-
 * resources), so the file is closed cleanly and another process can open it right after.
 *
 * <p>DuckDB lets one process at a time hold a file: a second process gets a lock conflict. That is reported as exit
 * code 4 with the holder's PID and command line, or waited out for up to {@link WarehouseFile#lockWait()}.
 *
 * <p>A new warehouse file is created in {@link WarehouseFile#storage()} (DuckDB's
 * {@code storage_compatibility_version}, which DuckDB applies only when it creates a file); an existing file keeps the
 * version it has.
 */
@Singleton
public class Warehouse {

    /** DuckDB's lock-conflict message: {@code Conflicting lock is held in /usr/bin/java (PID 1234) by user root}. */
    private static final Pattern LOCK_HOLDER = Pattern.compile("Conflicting lock is held in (.*?) \\(PID (\\d+)\\)");

    private static final Duration LOCK_POLL = Duration.ofMillis(100);

    /** How {@link #connect} opens DuckDB: the warehouse file read-only or for writing, or a database in memory. */
    private enum Access { READ_ONLY, READ_WRITE, IN_MEMORY }

    /** Opens the warehouse for writing, creating the file (not its directory) when it does not exist yet. */
    public Connection openForWriting(WarehouseFile warehouse) {
        Path database = warehouse.path();
        Path parent = database.toAbsolutePath().getParent();
        if (parent != null && !Files.isDirectory(parent)) {
            throw new BadInput("cannot create warehouse " + database + ": directory " + parent
                    + " does not exist (create it, or pass another --db)");
        }
        if (Files.isDirectory(database)) {
            throw new BadInput("--db " + database + " is a directory, not a warehouse file");
        }
        if (Files.notExists(database, LinkOption.NOFOLLOW_LINKS) && parent != null && !Files.isWritable(parent)) {
            throw new BadInput("cannot create warehouse " + database.toAbsolutePath()
                    + ": directory " + parent + " is not writable (check the directory, or pass another --db)");
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

    /**
     * Creates the schema, tables and sequence if they are missing, in one transaction: a new warehouse gets them with
     * one commit (one sync of the write-ahead log instead of one per statement); an existing one, no write at all. A
     * weekly counts table created here, in a warehouse that has votes already, is filled with a recount of them.
     */
    public void ensureSchema(Connection connection) throws SQLException {
        Catalog catalog = new Catalog(connection);
        if (isUpToDate(catalog)) {
            return;  // brought up to date with these very statements before
        }
        inTransaction(connection, () -> {
            // A warehouse made before the weekly counts existed gets them with one recount of its votes (none in a
            // new warehouse); from then on every run keeps them.
            boolean fillCounts = !catalog.hasWeeklyCountsTable();
            catalog.createSchema();
            if (fillCounts) {
                new WeeklyCounts(connection).fillWithRecount();
            }
        });
    }

    /**
     * For commands that open an existing warehouse to write little or nothing ({@code outliers}, serve's reads): brings
     * a warehouse of this tool up to date as {@link #ensureSchema} does (e.g. one made before the weekly counts
     * existed); a file without {@code blog_analysis.votes} is left alone. On a warehouse already up to date it costs
     * one small query.
     */
    public void upgradeSchema(Connection connection) throws SQLException {
        Catalog catalog = new Catalog(connection);
        if (isUpToDate(catalog) || !catalog.hasVotesTable()) {
            return;
        }
        ensureSchema(connection);
    }

    /**
     * For {@code votes recount}, in its transaction: creates what the schema lacks, also a weekly counts table dropped
     * after the warehouse was brought up to date, but leaves a table it creates empty (the recount then fills it and
     * reports its weeks as added). Writes nothing when the schema is up to date and the table is there.
     */
    public void ensureSchemaForRecount(Connection connection) throws SQLException {
        Catalog catalog = new Catalog(connection);
        if (isUpToDate(catalog) && catalog.hasWeeklyCountsTable()) {
            return;
        }
        catalog.createSchema();
    }

    private static boolean isUpToDate(Catalog catalog) throws SQLException {
        return catalog.schemaComment().filter(("votes schema " + Catalog.SCHEMA_DIGEST)::equals).isPresent();
    }

    /** Runs the statements in one transaction on an auto-commit connection: committed together, or rolled back. */
    public static void inTransaction(Connection connection, SqlWork work) throws SQLException {
        connection.setAutoCommit(false);
        Exception failure = null;
        try {
            work.run();
            connection.commit();
        } catch (SQLException | RuntimeException e) {
            failure = e;
            try {
                connection.rollback();
            } catch (SQLException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        } finally {
            // After a failed commit (a full disk) DuckDB has no transaction left, and switching back fails too: that
            // must not hide the failure that matters.
            try {
                connection.setAutoCommit(true);
            } catch (SQLException e) {
                if (failure == null) {
                    throw e;
                }
                failure.addSuppressed(e);
            }
        }
    }

    /** Statements to run together (see {@link #inTransaction}). */
    @FunctionalInterface
    public interface SqlWork {
        void run() throws SQLException;
    }

    /** DuckDB's effective settings, read back: {@code memory_limit 732.4 MiB, threads 2, temp_directory ...}. */
    public String describeSettings(Connection connection) throws SQLException {
        return "duckdb " + new Engine(connection).settings().describe();
    }

    /**
     * A DuckDB database in memory with the warehouse's resource settings (spilling to {@code <warehouse>.tmp}), for
     * work that attaches files to it ({@link #attach}).
     */
    public Connection openInMemory(WarehouseFile warehouse) throws SQLException {
        return connect(warehouse, Access.IN_MEMORY);
    }

    /**
     * Runs an {@code ATTACH} of the warehouse file ({@code attaching}, a gateway's). Another process's lock on the file
     * is waited out or reported (exit 4) as when the warehouse is opened, and any other failure is one line (exit 1).
     */
    public void attach(WarehouseFile warehouse, SqlWork attaching) {
        whileLocked(warehouse, () -> {
            attaching.run();
            return null;
        });
    }

    /** The storage version DuckDB reports for the connection's database ({@code duckdb_databases()} tags). */
    public StorageVersion.Found storageVersion(Connection connection) throws SQLException {
        return storageVersion(connection, null);
    }

    /** The storage version DuckDB reports for a database attached to the connection under that name. */
    public StorageVersion.Found storageVersion(Connection connection, String databaseName) throws SQLException {
        return StorageVersion.found(new Catalog(connection).storageVersionTag(databaseName));
    }

    /**
     * For {@code -v}: the warehouse's storage version as DuckDB reports it, and whether {@code --storage-version} applied
     * (only to a warehouse created now; an existing one keeps its version).
     */
    public String describeStorage(Connection connection, WarehouseFile warehouse, boolean created) throws SQLException {
        StorageVersion.Found found = storageVersion(connection);
        if (created) {
            return "created warehouse " + warehouse + " in " + found.describe();
        }
        if (found.is(warehouse.storage())) {
            return "warehouse " + warehouse + ": " + found.describe();
        }
        return "warehouse " + warehouse + " keeps its " + found.describe() + ": --storage-version "
                + warehouse.storage().option() + " applies only when a warehouse is created ('votes convert-storage' "
                + "converts this one)";
    }

    /** Whether {@code blog_analysis.votes} exists. */
    public boolean hasVotesTable(Connection connection) throws SQLException {
        return new Catalog(connection).hasVotesTable();
    }

    /** Whether {@code blog_analysis.weekly_vote_counts} exists. */
    public boolean hasWeeklyCountsTable(Connection connection) throws SQLException {
        return new Catalog(connection).hasWeeklyCountsTable();
    }

    private static void requireExisting(Path database) {
        if (Files.isDirectory(database)) {
            throw new BadInput("--db " + database + " is a directory, not a warehouse file");
        }
        if (!Files.isRegularFile(database)) {
            throw new BadInput("no warehouse at " + database
                    + ": run 'votes ingest FILE' first, or pass --db PATH (env VOTES_DB)");
        }
    }

    private Connection open(WarehouseFile warehouse, boolean readOnly) {
        return whileLocked(warehouse, () -> connect(warehouse, readOnly ? Access.READ_ONLY : Access.READ_WRITE));
    }

    /** A step that may run into another process's lock on the warehouse. */
    @FunctionalInterface
    private interface Locking<T> {
        T run() throws SQLException;
    }

    /**
     * Runs the step; while it fails on another process's lock, retries it every 100 ms until the warehouse's lock wait
     * is used up, then reports the holder ({@link WarehouseBusy}). Any other failure is one line naming the warehouse.
     */
    private static <T> T whileLocked(WarehouseFile warehouse, Locking<T> step) {
        Path database = warehouse.path();
        long deadline = System.nanoTime() + warehouse.lockWait().toNanos();
        while (true) {
            try {
                return step.run();
            } catch (SQLException e) {
                Matcher holder = LOCK_HOLDER.matcher(String.valueOf(e.getMessage()));
                if (!holder.find()) {
                    throw new BadInput("cannot open warehouse " + database + ": "
                            + Text.firstLine(e.getMessage()) + hint(database), e);
                }
                long remaining = deadline - System.nanoTime();
                if (remaining <= 0) {
                    throw new WarehouseBusy(database, describeHolder(holder.group(2), holder.group(1)),
                            warehouse.lockWait(), e);
                }
                sleep(Math.min(remaining, LOCK_POLL.toNanos()));
            }
        }
    }

    private static Connection connect(WarehouseFile warehouse, Access access) throws SQLException {
        Path database = warehouse.path();
        // The native binary loads DuckDB's library from its cache (unpacked there at most once); the JVM: a no-op.
        long started = Trace.start();
        DuckDbLibrary.ensureLoaded();
        Trace.done("load DuckDB's library", started);
        try {
            // Loaded here, not in a static initializer: DriverManager discovers drivers once per class loader (Quarkus
            // tests use several), and a native image must not register the driver at build time.
            Class.forName("org.duckdb.DuckDBDriver");
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("the DuckDB JDBC driver is missing from the build", e);
        }
        Properties properties = new Properties();
        if (access == Access.READ_ONLY) {
            properties.setProperty("duckdb.read_only", "true");
        } else if (access == Access.READ_WRITE) {
            // The version DuckDB writes a file in when it creates it; an existing file keeps its own version (DuckDB
            // ignores the setting then). Given on every writing open, so the opens of one process all give DuckDB the
            // same settings and share one database instance (the server relies on that).
            properties.setProperty("storage_compatibility_version", warehouse.storage().option());
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
        started = Trace.start();
        Connection connection = DriverManager.getConnection(
                "jdbc:duckdb:" + (access == Access.IN_MEMORY ? "" : database), properties);
        Trace.done("open " + database, started);
        try {
            new Engine(connection).setTimeZoneUtc();
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
        try {
            if (Files.isRegularFile(database, LinkOption.NOFOLLOW_LINKS) && Files.size(database) == 0) {
                return " (the file is empty: a process killed while creating it leaves one; it holds no rows, delete "
                        + "it and run again)";
            }
        } catch (java.io.IOException e) {
            // no hint then
        }
        return "";
    }

    private static void sleep(long nanos) {
        try {
            Thread.sleep(Duration.ofNanos(nanos));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new NothingCommitted("interrupted while waiting for the warehouse lock", e);
        }
    }
}
