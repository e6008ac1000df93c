package dev.votes.ingest;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The spool files of one run: where an input that can be read only once (standard input, a pipe, a FIFO) is copied
 * while it is hashed, so that DuckDB's readers can read it as often as they need. They are hidden files next to the
 * warehouse ({@code .warehouse.db.input-PID-N.spool}: the user chose that disk for the data), removed when the run
 * ends; spools a killed process left behind (its PID no longer runs) are removed by the next run.
 */
final class Spools implements AutoCloseable {

    private static final String SUFFIX = ".spool";

    private final Path directory;
    private final String prefix;
    private final List<Path> created = new ArrayList<>();

    private Spools(Path directory, String prefix) {
        this.directory = directory;
        this.prefix = prefix;
    }

    /** The spools of a run on this warehouse; removes the spools of dead processes first. */
    static Spools nextTo(Path warehouse) {
        return nextTo(warehouse, "");
    }

    /**
     * Spools on this warehouse whose names carry {@code kind} after the PID ({@code .warehouse.db.input-PID-KIND-N
     * .spool}), so that two sets of one process never share a name; removes the spools of dead processes first.
     */
    static Spools nextTo(Path warehouse, String kind) {
        Path absolute = warehouse.toAbsolutePath();
        Path directory = absolute.getParent();
        String prefix = "." + absolute.getFileName() + ".input-";
        removeAbandoned(directory, prefix, SUFFIX);
        return new Spools(directory, prefix + ProcessHandle.current().pid() + "-" + kind);
    }

    /** A new, empty spool file (only its owner can read it). */
    synchronized Path create() throws IOException {
        Path spool = directory.resolve(prefix + created.size() + SUFFIX);
        Files.deleteIfExists(spool);
        Files.createFile(spool, java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                java.nio.file.attribute.PosixFilePermissions.fromString("rw-------")));
        created.add(spool);
        spool.toFile().deleteOnExit(); // SIGTERM/SIGINT while a pipe is being read end the process: remove it then too
        return spool;
    }

    @Override
    public synchronized void close() {
        for (Path spool : created) {
            try {
                Files.deleteIfExists(spool);
            } catch (IOException e) {
                // a spool that cannot be removed now is removed by the next run (its PID is gone by then)
            }
        }
        created.clear();
    }

    /**
     * Removes the regular files in {@code directory} named {@code prefix + PID + "-" + ... + suffix} whose PID no longer
     * runs: what a killed process left behind (spools here, the staging files of {@link StagingArea}).
     */
    static void removeAbandoned(Path directory, String prefix, String suffix) {
        if (directory == null || !Files.isDirectory(directory)) {
            return;
        }
        try (DirectoryStream<Path> spools = Files.newDirectoryStream(directory, glob(prefix) + "*" + glob(suffix))) {
            for (Path spool : spools) {
                String name = spool.getFileName().toString();
                String rest = name.substring(prefix.length());
                int dash = rest.indexOf('-');
                if (dash <= 0 || !Files.isRegularFile(spool, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                    continue;
                }
                try {
                    long pid = Long.parseLong(rest.substring(0, dash));
                    if (ProcessHandle.of(pid).isEmpty()) {
                        Files.deleteIfExists(spool);
                    }
                } catch (NumberFormatException | IOException e) {
                    // not one of ours, or already gone
                }
            }
        } catch (IOException e) {
            // listing failed: nothing to clean now
        }
    }

    /** The name as a glob that matches only itself. */
    private static String glob(String name) {
        StringBuilder escaped = new StringBuilder();
        for (char c : name.toCharArray()) {
            if ("*?[]{}\\".indexOf(c) >= 0) {
                escaped.append('\\');
            }
            escaped.append(c);
        }
        return escaped.toString();
    }
}
