package dev.votes.convert;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import dev.votes.common.Progress;
import dev.votes.common.StopSignals;
import dev.votes.common.Text;
import dev.votes.failure.BadInput;
import dev.votes.failure.NothingCommitted;
import dev.votes.failure.StopSignal;
import dev.votes.failure.StoppedBySignal;
import dev.votes.failure.VotesFailure;
import dev.votes.warehouse.Cancellation;
import dev.votes.warehouse.StorageVersion;
import dev.votes.warehouse.Warehouse;
import dev.votes.warehouse.WarehouseFile;

/**
 * Rewrites a warehouse in another DuckDB storage version, all or nothing. DuckDB attaches the warehouse (for writing,
 * so that its lock keeps every other process out to the end; nothing is written to it) and a new file beside it in the
 * version asked for, {@code .NAME.convert-storage}; {@code COPY FROM DATABASE} copies everything into the new file; the
 * copy's catalog (columns, views, constraints, indexes, each sequence's next value) and every table's and view's row
 * count are checked against the warehouse's; the copy is closed (checkpointed), synced, given the warehouse's owner and
 * permissions, and renamed over the warehouse in one atomic step. Until that rename the warehouse is never changed, so
 * a failure, a signal or a kill at any moment leaves it as it was; a copy a killed run left behind is deleted by the
 * next run (which holds the warehouse's lock, so no other conversion of it can be running).
 */
@Singleton
public class ConvertStorageService {

    /** The names the warehouse and its copy are attached under (fixed: the SQL statements name them). */
    static final String SOURCE = "convert_source";
    static final String TARGET = "convert_target";

    private final Warehouse warehouse;

    @Inject
    public ConvertStorageService(Warehouse warehouse) {
        this.warehouse = warehouse;
    }

    /** The temporary copy of a conversion: {@code .NAME.convert-storage} beside the warehouse (hidden). */
    public static Path temporaryCopy(Path warehouseFile) {
        Path file = warehouseFile.toAbsolutePath();
        return file.resolveSibling("." + file.getFileName() + ".convert-storage");
    }

    /**
     * Converts the warehouse to {@code wanted}, or does nothing when it already is in that version.
     *
     * @throws VotesFailure exit 1 when the warehouse is missing or not a regular file, or the conversion failed (the
     *                        warehouse was left as it was), 4 when another process holds its lock, 130/143 on
     *                        SIGINT/SIGTERM (left as it was)
     */
    public ConvertSummary convert(WarehouseFile database, StorageVersion wanted, Progress progress) {
        long started = System.nanoTime();
        Path original = database.path().toAbsolutePath();
        requireRegularFile(original);
        Path copy = temporaryCopy(original);
        String leftAsItWas = original + " was left as it was";
        boolean ownsCopy = false;
        boolean moved = false;
        try (Connection connection = warehouse.openInMemory(database)) {
            StorageCopy storage = new StorageCopy(connection);
            warehouse.attach(database, () -> storage.attachSource(original));
            Object fileKey = fileKey(original);
            StorageVersion.Found from = warehouse.storageVersion(connection, SOURCE);
            progress.line("attached " + original + ": " + from.describe());
            // From here this process holds the warehouse's lock: anything at the copy's name was left by a killed run.
            ownsCopy = true;
            removeLeftover(copy, progress);
            removeLeftover(wal(copy), progress);
            warehouse.attach(database, () -> storage.attachTarget(copy, wanted.option()));
            StorageVersion.Found to = warehouse.storageVersion(connection, TARGET);
            if (Objects.equals(from.version(), to.version())) {
                storage.detachTarget();
                return new ConvertSummary(original, from, from, false, 0, 0, 0, 0, seconds(started));
            }
            // From here SIGINT/SIGTERM cancel the running statement; the copy is then deleted.
            try (Cancellation cancellation = Cancellation.watch(connection);
                 StopSignals signals = StopSignals.trap(received -> cancellation.cancel(received.name()))) {
                try {
                    progress.line("copying into " + copy + ", in " + to.describe());
                    progress.bar("copying the warehouse into " + to.version(), -1);
                    storage.copySourceToTarget();
                    progress.clearBar();
                    Copied copied = verify(storage, progress);
                    storage.detachTarget();
                    if (Files.exists(wal(copy), LinkOption.NOFOLLOW_LINKS)) {
                        throw new IOException("DuckDB left a write-ahead log beside the copy, " + wal(copy));
                    }
                    sync(copy);
                    keepOwnerAndPermissions(original, copy, progress);
                    if (signals.received() != null) {
                        throw new SQLException("INTERRUPT Error: cancelled by " + signals.received().name());
                    }
                    if (!Objects.equals(fileKey, fileKey(original))) {
                        throw new IOException(original + " was replaced by another file during the conversion");
                    }
                    move(copy, original);
                    moved = true;
                    syncDirectory(original.getParent());
                    progress.line("renamed the copy over " + original);
                    return new ConvertSummary(original, from, to, true, copied.tables(), copied.views(),
                            copied.sequences(), copied.rows(), seconds(started));
                } catch (SQLException | IOException | RuntimeException e) {
                    progress.clearBar();
                    StopSignal stop = signals.received();
                    if (stop != null && !moved) {
                        throw new StoppedBySignal(stop, "convert-storage of " + original + " interrupted by "
                                + stop.name() + ": " + leftAsItWas, e);
                    }
                    throw e;
                }
            }
        } catch (SQLException e) {
            throw new NothingCommitted("convert-storage failed, " + leftAsItWas + ": "
                    + Text.firstLine(e.getMessage()), e);
        } catch (IOException e) {
            throw new NothingCommitted("convert-storage failed, " + leftAsItWas + ": "
                    + e.getMessage(), e);
        } finally {
            // The connection is closed by now, so the copy is detached; it is deleted unless it replaced the warehouse.
            if (ownsCopy && !moved) {
                deleteQuietly(copy, progress);
                deleteQuietly(wal(copy), progress);
            }
        }
    }

    /** What was copied and checked. */
    private record Copied(long tables, long views, long sequences, long rows) {
    }

    /**
     * Checks the copy against the warehouse: the same catalog (no differences either way), and for every table and view
     * the same number of rows. A difference is a failure naming it (an SQLException, like DuckDB's own failures).
     */
    private static Copied verify(StorageCopy storage, Progress progress) throws SQLException {
        long started = System.nanoTime();
        List<StorageCopy.Difference> differences = storage.selectCatalogDifferences();
        if (!differences.isEmpty()) {
            StorageCopy.Difference first = differences.getFirst();
            int more = differences.size() - 1;
            throw new SQLException("the copy does not match: " + first.kind() + " " + first.item() + " is "
                    + first.difference() + (more == 0 ? "" : " (and " + more + " more differences)"));
        }
        long tables = 0;
        long views = 0;
        long sequences = 0;
        long rows = 0;
        for (StorageCopy.Relation relation : storage.selectSourceRelations()) {
            String kind = relation.kind();
            if (kind.equals("sequence")) {
                sequences++;
                continue;
            }
            long inSource = storage.countRelationRows(relation.inSource());
            long inTarget = storage.countRelationRows(relation.inTarget());
            if (inSource != inTarget) {
                throw new SQLException("the copy does not match: " + kind + " " + relation.qualifiedName() + " has "
                        + inTarget + " rows in the copy and " + inSource + " in the warehouse");
            }
            if (kind.equals("table")) {
                tables++;
                rows += inSource;
            } else {
                views++;
            }
        }
        progress.line(String.format(Locale.ROOT, "checked the copy: the same catalog, and the same rows in every table "
                + "(%d) and view (%d), %d rows in all, in %.2f s", tables, views, rows, seconds(started)));
        return new Copied(tables, views, sequences, rows);
    }

    /** Refuses (exit 1) a warehouse that is missing, or is not a regular file: the rename would replace it. */
    private static void requireRegularFile(Path original) {
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(original, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            throw new BadInput("no warehouse at " + original
                    + ": pass the warehouse to convert with --db PATH (env VOTES_DB)");
        } catch (IOException e) {
            throw new BadInput("cannot read " + original + ": " + reason(e));
        }
        if (attributes.isSymbolicLink()) {
            String target;
            try {
                target = original.toRealPath().toString();
            } catch (IOException e) {
                target = "the file it points to";
            }
            throw new BadInput("refusing to convert " + original + ": it is a symbolic link, "
                    + "and the converted file would replace the link (pass --db " + target + ")");
        }
        if (!attributes.isRegularFile()) {
            throw new BadInput("refusing to convert " + original + ": it is "
                    + (attributes.isDirectory() ? "a directory" : "not a regular file") + ", not a warehouse file");
        }
    }

    /** Deletes a file a killed conversion left at the copy's name; refuses to delete a directory there. */
    private static void removeLeftover(Path file, Progress progress) throws IOException {
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            return;
        }
        if (attributes.isDirectory()) {
            throw new IOException(file + " is a directory, where convert-storage keeps its temporary copy (remove it)");
        }
        Files.delete(file);
        progress.line("deleted " + file + ", left by an earlier convert-storage that was stopped");
    }

    private static void deleteQuietly(Path file, Progress progress) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            progress.line("warning: could not delete " + file + " (" + reason(e) + "): delete it");
        }
    }

    /** The copy takes the warehouse's owner and permissions where this process may give them (root, or the owner). */
    private static void keepOwnerAndPermissions(Path original, Path copy, Progress progress) throws IOException {
        PosixFileAttributeView view = Files.getFileAttributeView(copy, PosixFileAttributeView.class);
        if (view == null) {
            return;
        }
        PosixFileAttributes attributes = Files.readAttributes(original, PosixFileAttributes.class);
        view.setPermissions(attributes.permissions());
        try {
            if (!view.getOwner().equals(attributes.owner())) {
                view.setOwner(attributes.owner());
            }
            view.setGroup(attributes.group());
        } catch (IOException e) {
            progress.line("the converted file belongs to " + view.getOwner().getName() + ", not to "
                    + attributes.owner().getName() + " (" + reason(e) + ")");
        }
    }

    private static void move(Path copy, Path original) throws IOException {
        try {
            Files.move(copy, original, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new IOException("cannot rename " + copy + " to " + original + ": " + reason(e), e);
        }
    }

    private static void sync(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.force(true);
        }
    }

    /** Makes the rename durable; where a directory cannot be synced (some file systems), the rename still happened. */
    private static void syncDirectory(Path directory) {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException | RuntimeException ignored) {
            // best effort
        }
    }

    /** The file's identity (device and inode), to notice a warehouse renamed away or replaced meanwhile. */
    private static Object fileKey(Path file) throws IOException {
        return Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey();
    }

    private static Path wal(Path file) {
        return file.resolveSibling(file.getFileName() + ".wal");
    }

    private static String reason(IOException e) {
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof FileSystemException system && system.getReason() != null) {
            return system.getReason();
        }
        return String.valueOf(e.getMessage());
    }

    private static double seconds(long started) {
        return (System.nanoTime() - started) / 1e9;
    }
}
