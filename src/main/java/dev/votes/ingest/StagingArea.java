package dev.votes.ingest;

import static dev.votes.warehouse.SqlStatement.param;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import dev.votes.common.Progress;
import dev.votes.common.Size;
import dev.votes.common.Text;
import dev.votes.failure.BadInput;
import dev.votes.warehouse.Engine;
import dev.votes.warehouse.SqlStatement;

/**
 * The database a run (or a step of one) stages its rows in: DuckDB's {@code "votes.staging"}, attached to the
 * warehouse's connection from the start of the staging to the end of the load, in memory or as a file of its own beside
 * the warehouse ({@code .warehouse.db.staging-PID-N.duckdb}, see {@link StagingPlace}). The staging statements name its
 * table {@code "votes.staging".main.staged_votes} (a name no warehouse file can take, see
 * {@code create_staged_votes_table.sql}); the other staging tables are connection-local (TEMP). Staging writes it in
 * autocommit, before the run's transaction (DuckDB writes one attached database per transaction, and that one is the
 * warehouse); the load only reads it. Closing detaches it and removes its file; a file a killed process left behind
 * (its PID no longer runs) is removed by the next run on the same warehouse.
 *
 * <p>Why a file: DuckDB compresses a table's row groups as it writes them to a file, while rows held in memory spill
 * uncompressed. At 100 M rows (about 10 GB of JSON lines) against the 768 MB default memory limit, the staged rows
 * spill 5 GB, which every later pass reads back; in a file they take 1.9 GB, and the bare engine's whole load takes
 * 43 s instead of 61 s. Below the memory limit a file costs more than it saves (10 M rows: 5.1 s against 4.5 s), hence
 * {@code auto} (PERFORMANCE.md).
 */
final class StagingArea implements AutoCloseable {

    private static final String SUFFIX = ".duckdb";
    private static final String WAL_SUFFIX = ".duckdb.wal";
    private static final AtomicInteger FILES = new AtomicInteger();

    private static final SqlStatement<Void> ATTACH_IN_MEMORY =
            SqlStatement.of("staging_database/attach_staging_database_in_memory");
    private static final SqlStatement<Path> ATTACH_FILE =
            SqlStatement.of("staging_database/attach_staging_database_file",
                    param("path", path -> path.toAbsolutePath().toString()));
    private static final SqlStatement<Void> DETACH = SqlStatement.of("staging_database/detach_staging_database");
    private static final SqlStatement<Void> DISABLE_CHECKPOINT_ON_DETACH =
            SqlStatement.of("staging_database/disable_checkpoint_on_detach");
    private static final SqlStatement<Void> RESET_CHECKPOINT_ON_DETACH =
            SqlStatement.of("staging_database/reset_checkpoint_on_detach");

    private final Connection connection;
    private final Path file;
    private final Progress progress;

    private StagingArea(Connection connection, Path file, Progress progress) {
        this.connection = connection;
        this.file = file;
        this.progress = progress;
    }

    /**
     * Removes the staging files (and their logs) that processes which no longer run left beside the warehouse: a run
     * killed while it staged on disk. Called by every ingest once it holds the warehouse's lock.
     */
    static void removeAbandoned(Path warehouse) {
        Path absolute = warehouse.toAbsolutePath();
        Spools.removeAbandoned(absolute.getParent(), prefix(absolute), SUFFIX);
        Spools.removeAbandoned(absolute.getParent(), prefix(absolute), WAL_SUFFIX);
    }

    /**
     * Attaches the staging database for a run that reads {@code toRead} on the warehouse {@code warehouse}: in memory,
     * or as a new file beside it for {@code disk} (and for {@code auto} when the input would stage more than DuckDB's
     * memory limit).
     */
    static StagingArea attach(Connection connection, Path warehouse, StagingPlace place, List<InputFile> toRead,
                              Progress progress) throws SQLException {
        Path absolute = warehouse.toAbsolutePath();
        Path directory = absolute.getParent();
        String prefix = prefix(absolute);
        detach(connection); // one a failed step's rollback could not detach
        boolean onDisk = switch (place) {
            case disk -> true;
            case memory -> false;
            case auto -> estimatedStagedBytes(toRead) > memoryLimitBytes(connection);
        };
        if (!onDisk) {
            ATTACH_IN_MEMORY.execute(connection);
            return new StagingArea(connection, null, progress);
        }
        Path file = directory.resolve(prefix + ProcessHandle.current().pid() + "-" + FILES.getAndIncrement() + SUFFIX);
        clear(file);
        clear(wal(file));
        StagingArea area = new StagingArea(connection, file, progress);
        try {
            ATTACH_FILE.execute(connection, file);
        } catch (SQLException | RuntimeException e) {
            area.close(); // what the failed attach may have written (a full disk) goes too
            throw e;
        }
        progress.line("staging on disk in " + file + " (removed when the run ends)");
        return area;
    }

    /**
     * The bytes a run's input would take staged in memory (about 48 per record), from its files' sizes at the bytes
     * per record typical of their format: JSON about 100, CSV and TSV about 50, Parquet about 12; gzip or zstd about
     * a sixth of that.
     */
    static long estimatedStagedBytes(List<InputFile> toRead) {
        double bytes = 0;
        for (InputFile input : toRead) {
            double perByte = switch (input.format()) {
                case JSONL, JSON_ARRAY -> 0.5;
                case CSV, TSV -> 1.0;
                case PARQUET -> 4.0;
            };
            if (input.compression() != Compression.NONE) {
                perByte *= 6;
            }
            bytes += input.size() * perByte;
        }
        return (long) Math.min(bytes, Long.MAX_VALUE);
    }

    /** DuckDB's memory limit in bytes, as it reports it ({@code 732.4 MiB}); unknown is taken as no limit. */
    private static long memoryLimitBytes(Connection connection) throws SQLException {
        String limit = new Engine(connection).settings().memoryLimit();
        try {
            return Size.parse(limit).bytes();
        } catch (IllegalArgumentException | ArithmeticException e) {
            return Long.MAX_VALUE;
        }
    }

    /** The number the next staging file of this process takes (for tests). */
    static int nextFileNumber() {
        return FILES.get();
    }

    /** Whether the rows are staged in a file (for tests and messages). */
    boolean onDisk() {
        return file != null;
    }

    /**
     * Detaches the staging database and removes its file. A run that failed is rolled back first (DuckDB detaches no
     * database in an open transaction; the caller's rollback then finds nothing left to do). Never throws: the run's
     * outcome is decided; a file that cannot be removed now is named, and removed by the next run after this process.
     */
    @Override
    public void close() {
        try {
            if (!connection.getAutoCommit()) {
                connection.rollback();
                connection.setAutoCommit(true);
            }
            detach(connection);
        } catch (SQLException e) {
            progress.line("could not detach the staging database: " + Text.firstLine(String.valueOf(e.getMessage())));
        }
        if (file != null) {
            for (Path written : List.of(file, wal(file))) {
                try {
                    Files.deleteIfExists(written);
                } catch (IOException e) {
                    progress.line("could not remove " + written + " (" + e.getMessage() + "); the next run on this "
                            + "warehouse removes it");
                }
            }
        }
    }

    /** Detaches the staging database, if attached, without checkpointing what is thrown away. */
    private static void detach(Connection connection) throws SQLException {
        DISABLE_CHECKPOINT_ON_DETACH.execute(connection);
        try {
            DETACH.execute(connection);
        } finally {
            RESET_CHECKPOINT_ON_DETACH.execute(connection);
        }
    }

    /** {@code .warehouse.db.staging-}: the start of every staging file's name on this warehouse. */
    static String prefix(Path warehouse) {
        return "." + warehouse.getFileName() + ".staging-";
    }

    private static Path wal(Path file) {
        return file.resolveSibling(file.getFileName() + ".wal");
    }

    /**
     * Makes sure nothing is at {@code path} (a PID of a dead process can come again): a regular file left there is
     * removed; anything else is refused, never written over.
     */
    private static void clear(Path path) throws SQLException {
        if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        if (!Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS)) {
            throw new BadInput("cannot stage on disk: " + path + " is in the way and is not a regular file; remove it "
                    + "(or use --staging memory); nothing was loaded");
        }
        try {
            Files.delete(path);
        } catch (IOException e) {
            throw new SQLException("cannot remove the old staging file " + path + ": " + e.getMessage(), e);
        }
    }
}
