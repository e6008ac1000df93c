package dev.votes.export;

import static java.nio.file.LinkOption.NOFOLLOW_LINKS;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.votes.common.TableWriter;
import dev.votes.failure.BadInput;
import dev.votes.failure.NothingCommitted;

/**
 * The export's directory on disk. An export is written into a fresh staging directory beside DIR (in DIR's parent, so
 * on the same file system and renamed atomically), which then takes DIR's place: nobody sees DIR half-written, and a
 * failure leaves DIR as it was. DIR may be replaced only when it does not exist, is empty, or holds an earlier export,
 * told by its marker file; any other directory is refused, never deleted.
 */
final class ExportDirectory {

    static final String VOTES = "votes";
    static final String WEEKLY_COUNTS = "weekly_counts.parquet";
    static final String OUTLIER_WEEKS = "outlier_weeks.parquet";
    /** Written last into every export; its {@code format} field tells an earlier export from a user's directory. */
    static final String MARKER = "_votes_export.json";
    static final String MARKER_FORMAT = "votes-export";

    /** The top-level entries of an export: an earlier export holding anything else is not replaced. */
    private static final Set<String> ENTRIES = Set.of(VOTES, WEEKLY_COUNTS, OUTLIER_WEEKS, MARKER);
    private static final long MARKER_MAX_BYTES = 64 * 1024;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What is at DIR now. */
    enum State { ABSENT, EMPTY, EARLIER_EXPORT }

    /** How much the export's {@code votes/} holds, and the size of all its Parquet files. */
    record Contents(long partitions, long files, long bytes) {
    }

    private ExportDirectory() {
    }

    /** What is at {@code target}; a failure (exit 1) when it must not be replaced or its parent does not exist. */
    static State inspect(Path target) {
        Path parent = target.getParent();
        if (parent == null || target.getFileName() == null) {
            throw new BadInput("cannot export to " + target
                    + ": give a directory to create or replace, such as --to exports/votes");
        }
        if (!Files.isDirectory(parent)) {
            throw new BadInput("cannot export to " + target + ": directory " + parent
                    + " does not exist (create it, or pass another --to)");
        }
        if (!Files.exists(target, NOFOLLOW_LINKS)) {
            return State.ABSENT;
        }
        if (!Files.isDirectory(target, NOFOLLOW_LINKS)) {
            throw new BadInput("refusing to export to " + target
                    + ": it exists and is not a directory (a symbolic link is not followed); nothing was written (pass a "
                    + "directory with --to)");
        }
        List<String> entries;
        try (Stream<Path> list = Files.list(target)) {
            entries = list.map(entry -> entry.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw new BadInput("cannot read " + target + ": " + reason(e), e);
        }
        if (entries.isEmpty()) {
            return State.EMPTY;
        }
        if (!isExport(target)) {
            throw new BadInput("refusing to export to " + target + ": it is not empty and holds "
                    + "no earlier export (no " + MARKER + "); nothing was written (pass a new or empty directory with --to)");
        }
        List<String> foreign = entries.stream().filter(entry -> !ENTRIES.contains(entry)).toList();
        if (!foreign.isEmpty()) {
            throw new BadInput("refusing to replace the earlier export in " + target
                    + ": it also holds " + String.join(", ", foreign) + ", which an export does not write; nothing was "
                    + "written (move it away, or pass another --to)");
        }
        return State.EARLIER_EXPORT;
    }

    /** Whether {@code directory} holds an export's marker: a small JSON object whose format is {@value #MARKER_FORMAT}. */
    static boolean isExport(Path directory) {
        Path marker = directory.resolve(MARKER);
        try {
            if (!Files.isRegularFile(marker, NOFOLLOW_LINKS) || Files.size(marker) > MARKER_MAX_BYTES) {
                return false;
            }
            JsonNode node = JSON.readTree(Files.readString(marker, StandardCharsets.UTF_8));
            return node != null && node.isObject() && MARKER_FORMAT.equals(node.path("format").asText());
        } catch (IOException e) {
            return false;
        }
    }

    /** Creates the staging directory {@code .DIR.export-RANDOM} beside DIR, with the default permissions. */
    static Path createStaging(Path target) throws IOException {
        for (int attempt = 1; ; attempt++) {
            Path staging = sibling(target, "export");
            try {
                return Files.createDirectory(staging);
            } catch (FileAlreadyExistsException e) {
                if (attempt == 10) {
                    throw e;
                }
            } catch (IOException e) {
                throw new IOException("cannot create the staging directory " + staging + ": " + reason(e), e);
            }
        }
    }

    /** Counts the partitions and Parquet files under {@code votes/} and the bytes of every Parquet file. */
    static Contents contents(Path staging) throws IOException {
        Set<Path> partitions = new HashSet<>();
        long files = 0;
        long bytes = Files.size(staging.resolve(WEEKLY_COUNTS)) + Files.size(staging.resolve(OUTLIER_WEEKS));
        try (Stream<Path> walk = Files.walk(staging.resolve(VOTES))) {
            for (Path file : (Iterable<Path>) walk.filter(path -> path.toString().endsWith(".parquet"))::iterator) {
                partitions.add(file.getParent());
                files++;
                bytes += Files.size(file);
            }
        }
        return new Contents(partitions.size(), files, bytes);
    }

    /** Writes the marker, the last file of an export. */
    static void writeMarker(Path staging, Map<String, Object> fields) throws IOException {
        Files.writeString(staging.resolve(MARKER), TableWriter.json(fields) + "\n", StandardCharsets.UTF_8);
    }

    /**
     * Puts the staging directory in DIR's place. An earlier export is renamed aside ({@code .DIR.previous-RANDOM}), the
     * staging directory renamed to DIR, and the earlier export deleted; if the second rename fails, the earlier export
     * is renamed back. DIR is checked again first, in case it changed while the export was written.
     *
     * @return null, or a warning when the earlier export, already replaced, could not be deleted
     */
    static String moveIntoPlace(Path staging, Path target) throws IOException {
        switch (inspect(target)) {
            case ABSENT -> rename(staging, target);
            case EMPTY -> {
                Files.delete(target);
                rename(staging, target);
            }
            case EARLIER_EXPORT -> {
                Path aside = sibling(target, "previous");
                rename(target, aside);
                try {
                    rename(staging, target);
                } catch (IOException e) {
                    try {
                        rename(aside, target);
                    } catch (IOException restore) {
                        e.addSuppressed(restore);
                        throw new NothingCommitted(e.getMessage() + "; the earlier export could not "
                                + "be moved back and is at " + aside + " (rename it to " + target + ")", e);
                    }
                    throw e;
                }
                if (!deleteTree(aside)) {
                    return "the earlier export, moved aside to " + aside + ", could not be deleted completely: delete it";
                }
            }
        }
        return null;
    }

    /** Deletes a directory tree without following links; false when something could not be deleted. */
    static boolean deleteTree(Path root) {
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                    Files.delete(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path directory, IOException failure) throws IOException {
                    if (failure != null) {
                        throw failure;
                    }
                    Files.delete(directory);
                    return FileVisitResult.CONTINUE;
                }
            });
            return true;
        } catch (NoSuchFileException e) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** A short reason for a failed file operation: the system's words, not Java's exception name. */
    static String reason(IOException e) {
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof DirectoryNotEmptyException) {
            return "directory not empty";
        }
        if (e instanceof FileAlreadyExistsException) {
            return "it already exists";
        }
        if (e instanceof NoSuchFileException) {
            return "no such file or directory";
        }
        if (e instanceof FileSystemException system && system.getReason() != null) {
            return system.getReason();
        }
        return String.valueOf(e.getMessage());
    }

    private static void rename(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new IOException("cannot rename " + from + " to " + to + ": " + reason(e), e);
        }
    }

    /** {@code .DIR.KIND-RANDOM} in DIR's parent: hidden, so Spark, Hive and ls pass it by. */
    private static Path sibling(Path target, String kind) {
        return target.resolveSibling("." + target.getFileName() + "." + kind + "-"
                + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt()));
    }
}
