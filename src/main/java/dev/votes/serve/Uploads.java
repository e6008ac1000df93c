package dev.votes.serve;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import dev.votes.warehouse.WarehouseFile;

/**
 * The uploaded files of one ingest request, placed where the ingest reads them: {@code <warehouse>.uploads/}, a
 * directory beside the warehouse that only this user may enter, under names made safe here. The client's file name is
 * data: it is reduced to letters, digits, {@code . _ -} (anything else becomes {@code _}), never starts with a dot, is
 * at most {@value #MAX_NAME} characters, and gets the compression suffix the content has (told by its magic bytes, not
 * the name). A stable place and name give uploads the CLI's file ledger: the same content uploaded again under the same
 * name is skipped as unchanged. The files are deleted when the request ends ({@link #close}).
 */
final class Uploads implements AutoCloseable {

    static final int MAX_NAME = 100;

    /** One uploaded file: the name the client gave (data only) and where it was placed. */
    record Upload(String originalName, Path path, long bytes) {
    }

    private final Path directory;
    private final List<Upload> files;

    private Uploads(Path directory, List<Upload> files) {
        this.directory = directory;
        this.files = files;
    }

    /** {@code <warehouse>.uploads}, beside the warehouse file. */
    static Path directoryFor(WarehouseFile warehouse) {
        Path path = warehouse.path().toAbsolutePath().normalize();
        return path.resolveSibling(path.getFileName() + ".uploads");
    }

    /**
     * Moves the received files (the listener's own generated names) into the uploads directory under safe names.
     * Call only while holding the write gate: the directory is shared by the server's writes.
     */
    static Uploads place(WarehouseFile warehouse, List<Received> received) throws IOException {
        Path directory = directoryFor(warehouse);
        try {
            Files.createDirectory(directory,
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } catch (FileAlreadyExistsException e) {
            if (!Files.isDirectory(directory)) {
                throw new IOException(directory + " exists and is not a directory");
            }
        }
        Uploads uploads = new Uploads(directory, new ArrayList<>());
        try {
            clear(directory);
            Set<String> taken = new HashSet<>();
            for (Received file : received) {
                String name = unique(safeName(file.originalName(), compression(file.path())), taken);
                Path target = directory.resolve(name);
                move(file.path(), target);
                uploads.files.add(new Upload(file.originalName(), target, Files.size(target)));
            }
            return uploads;
        } catch (IOException | RuntimeException e) {
            uploads.close();
            throw e;
        }
    }

    /** A file the listener received: its temporary path and the name the client gave. */
    record Received(Path path, String originalName) {
    }

    List<Upload> files() {
        return files;
    }

    List<Path> paths() {
        return files.stream().map(Upload::path).toList();
    }

    @Override
    public void close() {
        try {
            clear(directory);
        } catch (IOException e) {
            // Left for the next request, which clears the directory first.
        }
    }

    /** The client's name made safe for a file name, with the suffix of the content's compression. */
    static String safeName(String original, String compression) {
        String name = original == null ? "" : original;
        name = name.substring(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1);
        name = Normalizer.normalize(name, Normalizer.Form.NFKD).replaceAll("\\p{M}", "");
        name = name.replaceAll("[^A-Za-z0-9._-]", "_").replaceAll("_{2,}", "_").replaceAll("^[._-]+", "");
        String lower = name.toLowerCase(Locale.ROOT);
        for (String suffix : List.of(".gz", ".zst")) {
            if (lower.endsWith(suffix)) {
                name = name.substring(0, name.length() - suffix.length());
                lower = lower.substring(0, lower.length() - suffix.length());
            }
        }
        if (name.isEmpty()) {
            name = "upload";
        }
        if (!lower.endsWith(".jsonl") && !lower.endsWith(".json") && !lower.endsWith(".ndjson")) {
            name = name + ".jsonl";
        }
        int room = MAX_NAME - compression.length();
        if (name.length() > room) {
            name = name.substring(0, room - 6) + ".jsonl";
        }
        return name + compression;
    }

    /** {@code .gz} or {@code .zst} when the content starts with that format's magic bytes, else empty. */
    static String compression(Path file) throws IOException {
        byte[] head = new byte[4];
        int n;
        try (InputStream in = Files.newInputStream(file)) {
            n = in.readNBytes(head, 0, 4);
        }
        if (n >= 2 && (head[0] & 0xff) == 0x1f && (head[1] & 0xff) == 0x8b) {
            return ".gz";
        }
        if (n == 4 && (head[0] & 0xff) == 0x28 && (head[1] & 0xff) == 0xb5 && (head[2] & 0xff) == 0x2f
                && (head[3] & 0xff) == 0xfd) {
            return ".zst";
        }
        return "";
    }

    private static String unique(String name, Set<String> taken) {
        String candidate = name;
        int dot = name.indexOf('.') > 0 ? name.indexOf('.') : name.length();
        for (int n = 2; !taken.add(candidate); n++) {
            candidate = name.substring(0, dot) + "-" + n + name.substring(dot);
        }
        return candidate;
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            // Another file system: copy, then remove the listener's copy.
            Files.copy(from, to, StandardCopyOption.REPLACE_EXISTING);
            Files.deleteIfExists(from);
        }
    }

    private static void clear(Path directory) throws IOException {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory)) {
            for (Path entry : entries) {
                Files.deleteIfExists(entry);
            }
        }
    }
}
