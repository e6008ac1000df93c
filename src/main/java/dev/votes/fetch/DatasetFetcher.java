package dev.votes.fetch;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;

import jakarta.inject.Singleton;

import dev.votes.common.OutputFile;
import dev.votes.failure.FetchFailed;

/**
 * {@code votes fetch-data}: download the dataset, verify it, extract {@code votes.jsonl} and put it in place
 * atomically. The download and the extracted file are temporary files in the output's directory; whatever fails, they
 * are deleted, the output file is not touched, and the failure is a {@link FetchFailed}.
 */
@Singleton
public class DatasetFetcher {

    /**
     * The dataset the Equal Experts data-engineering exercise downloads in its {@code fetch-data} script (a gzip tar
     * holding {@code votes.jsonl}).
     */
    public static final String EXERCISE_DATA_URL =
            "https://drive.google.com/uc?export=download&id=1jLcE2Jw1znaBy7FD7XCme_My_1PTZk17";

    public FetchResult fetch(FetchRequest request, FetchListener listener) {
        long started = System.nanoTime();
        Path out = request.out();
        try {
            OutputFile.check(out);
        } catch (OutputFile.Refused refused) {
            throw refusal(refused);
        } catch (IOException e) {
            throw failure("cannot read " + out + ": " + HttpDownloader.describe(e) + "; nothing was written (check the "
                    + "permissions, or pass another --out)");
        }
        Path directory = out.toAbsolutePath().getParent();
        String name = out.getFileName().toString();
        List<Path> createdDirectories = new ArrayList<>();
        TempFiles temp = new TempFiles();
        boolean done = false;
        try {
            createDirectories(directory, createdDirectories);
            Path download = temp.create(directory, "." + name + ".", ".download");
            Path part = temp.create(directory, "." + name + ".", ".part");

            HttpDownloader.Outcome downloaded = new HttpDownloader(request, listener).download(download);
            String archiveSha256 = sha256(download);
            if (request.sha256() != null && !request.sha256().equalsIgnoreCase(archiveSha256)) {
                throw failure("the archive from " + request.url() + " has sha256 " + archiveSha256 + ", not the "
                        + request.sha256() + " given with --sha256; nothing was written (check --sha256 and --url)");
            }
            listener.detail("downloaded " + downloaded.bytes() + " bytes, sha256 " + archiveSha256 + "; extracting");
            ArchiveExtractor.Extracted extracted;
            try {
                extracted = new ArchiveExtractor(request.maxBytes()).extract(download, part);
            } catch (LocalWriteException e) {
                throw failure("cannot write " + part + ": " + e.getMessage() + "; nothing was written (check the disk"
                        + " space and permissions of " + directory + ")");
            } catch (ArchiveException e) {
                throw failure("the archive from " + request.url() + " " + e.getMessage() + "; nothing was written ("
                        + e.advice() + ")");
            }
            listener.detail("extracted " + extracted.member() + " (" + extracted.format() + ")");
            temp.delete(download);
            String sha256 = sha256(part);
            try {
                OutputFile.publish(part, out);
            } catch (OutputFile.Refused refused) {
                throw refusal(refused);
            } catch (AtomicMoveNotSupportedException e) {
                throw failure("cannot replace " + out + " atomically: " + e.getMessage() + "; nothing was written");
            }
            done = true;
            syncDirectory(directory);
            return new FetchResult(out, extracted.bytes(), sha256, extracted.member(), request.url(), downloaded.bytes(),
                    archiveSha256, downloaded.attempts(), (System.nanoTime() - started) / 1e9);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw failure("interrupted while downloading " + request.url() + "; nothing was written");
        } catch (IOException e) {
            throw failure("cannot write in " + directory + ": " + HttpDownloader.describe(e) + "; nothing was written"
                    + " (check the disk space and permissions, or pass another --out)");
        } finally {
            temp.close();
            if (!done) {
                for (Path created : createdDirectories.reversed()) {
                    try {
                        Files.deleteIfExists(created);
                    } catch (IOException ignored) {
                        // not empty, or already gone: leave it
                    }
                }
            }
        }
    }

    /** The failure of a fetch: one line for the user. */
    static FetchFailed failure(String message) {
        return new FetchFailed(message);
    }

    /** What is at --out is not a regular file: refused, with what to pass instead. */
    private static FetchFailed refusal(OutputFile.Refused refused) {
        return failure(refused.describe("--out") + "; nothing was written (" + (refused.kind().equals("a directory")
                ? "give the path of the file to write, e.g. " + refused.path().resolve(SafeTarExtractor.WANTED)
                : refused.linkedFile() != null
                ? "pass --out " + refused.linkedFile() + " to replace the file it points to"
                : "pass --out with the path of a regular file or of a new one") + ")");
    }

    /** Creates the directory and any missing parents, remembering which it created (outermost first). */
    private static void createDirectories(Path directory, List<Path> created) throws IOException {
        List<Path> missing = new ArrayList<>();
        for (Path p = directory; p != null && !Files.exists(p); p = p.getParent()) {
            missing.addFirst(p);
        }
        for (Path p : missing) {
            try {
                Files.createDirectory(p);
                created.add(p);
            } catch (FileAlreadyExistsException e) {
                if (!Files.isDirectory(p)) {
                    throw e;
                }
            }
        }
    }

    static String sha256(Path file) throws IOException {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[64 * 1024];
            for (int read; (read = in.read(buffer)) >= 0; ) {
                digest.update(buffer, 0, read);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /** Makes the rename durable. Not every platform can open a directory; there the rename is all there is. */
    private static void syncDirectory(Path directory) {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException | UnsupportedOperationException ignored) {
            // best effort
        }
    }

    /**
     * The temporary files of one fetch: created with the default permissions (not the 0600 of createTempFile, which
     * the output would keep after the rename), deleted on close and, should the process be stopped, by a shutdown hook.
     */
    private static final class TempFiles implements AutoCloseable {

        private final List<Path> files = new ArrayList<>();
        private final Thread hook = new Thread(this::deleteAll, "votes-fetch-cleanup");
        private boolean hooked;

        synchronized Path create(Path directory, String prefix, String suffix) throws IOException {
            if (!hooked) {
                Runtime.getRuntime().addShutdownHook(hook);
                hooked = true;
            }
            for (int tries = 0; ; tries++) {
                Path file = directory.resolve(prefix + Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 1)
                        .toLowerCase(Locale.ROOT) + suffix);
                try {
                    Files.createFile(file);
                    files.add(file);
                    return file;
                } catch (FileAlreadyExistsException e) {
                    if (tries > 10) {
                        throw e;
                    }
                }
            }
        }

        synchronized void delete(Path file) throws IOException {
            Files.deleteIfExists(file);
            files.remove(file);
        }

        private synchronized void deleteAll() {
            for (Path file : files) {
                try {
                    Files.deleteIfExists(file);
                } catch (IOException ignored) {
                    // nothing more can be done
                }
            }
            files.clear();
        }

        @Override
        public void close() {
            deleteAll();
            if (hooked) {
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException shuttingDown) {
                    // the hook is running or about to
                }
            }
        }
    }
}
