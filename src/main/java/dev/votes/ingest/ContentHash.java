package dev.votes.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import dev.votes.common.Trace;
import dev.votes.failure.BadInput;

/**
 * The SHA-256 of an input's bytes, for the file ledger. A regular file's is computed on a thread of its own while the
 * run reads the file (one file after another, in the run's order), so that hashing a large file does not hold up its
 * load; it is waited for only where it is needed: to look the file up in the ledger when a run already read a file of
 * that path and size, and to record the file when the run commits. A stream's is computed as it is spooled.
 */
final class ContentHash {

    private static final int BUFFER = 1 << 20;

    /** The file's size and hash; {@code onlyVoteFields} what its {@link FieldScreen} found (false when not screened). */
    private record Digest(long size, String sha256, boolean onlyVoteFields) {
    }

    private final CompletableFuture<Digest> digest;

    private ContentHash(CompletableFuture<Digest> digest) {
        this.digest = digest;
    }

    /** A hash already computed (of a stream, as it was spooled). */
    static ContentHash of(long size, String sha256, boolean onlyVoteFields) {
        return new ContentHash(CompletableFuture.completedFuture(new Digest(size, sha256, onlyVoteFields)));
    }

    /**
     * One daemon thread that hashes a run's files one after another, in the order they are given; it ends once {@link
     * ExecutorService#shutdown} was called and its files are hashed, and never keeps a command from ending.
     */
    static ExecutorService newHashingThread() {
        return Executors.newSingleThreadExecutor(task -> {
            Thread thread = new Thread(task, "votes-hash");
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * Starts hashing the regular file at {@code path} on {@code hashing} (see {@link #newHashingThread}); with {@code
     * screen}, its bytes also go through a {@link FieldScreen} (an uncompressed JSON-lines file).
     */
    static ContentHash start(Path path, boolean screen, Executor hashing) {
        return new ContentHash(CompletableFuture.supplyAsync(() -> hash(path, screen), hashing));
    }

    /** A new SHA-256 digest. */
    static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JDK has no SHA-256", e);
        }
    }

    /**
     * The hex SHA-256 of the input at {@code path}, waiting for it if need be; a one-line error when the file could not
     * be read, or when it is no longer {@code size} bytes (it changed while the run read it).
     */
    String sha256(String path, long size) {
        Digest done;
        try {
            done = digest.join();
        } catch (CompletionException e) {
            Throwable cause = e.getCause() instanceof UncheckedIOException io ? io.getCause() : e.getCause();
            throw new BadInput("cannot read input " + path + " to hash it: " + cause.getMessage()
                    + "; the run reading it was rolled back", cause);
        }
        if (done.size() != size) {
            throw new BadInput("input " + path + " changed while it was read (" + size + " bytes, then "
                    + done.size() + "): the run reading it was rolled back; load it again once it is complete");
        }
        return done.sha256();
    }

    /**
     * True when the input was screened (see {@link FieldScreen}) and certainly has no field that is not a vote field,
     * waiting for it if need be; false when it was not screened, has such a field or could not be read (the run then
     * counts its fields exactly; {@link #sha256} reports a read failure).
     */
    boolean onlyVoteFields() {
        try {
            return digest.join().onlyVoteFields();
        } catch (CompletionException e) {
            return false;
        }
    }

    private static Digest hash(Path path, boolean screen) {
        long started = Trace.start();
        MessageDigest digest = newDigest();
        FieldScreen fields = screen ? new FieldScreen() : null;
        long size = 0;
        byte[] buffer = new byte[BUFFER];
        try (InputStream in = Files.newInputStream(path)) {
            for (int read; (read = in.read(buffer)) >= 0; ) {
                digest.update(buffer, 0, read);
                if (fields != null) {
                    fields.accept(buffer, 0, read);
                }
                size += read;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Trace.done("hash " + path, started);
        return new Digest(size, HexFormat.of().formatHex(digest.digest()), fields != null && fields.onlyVoteFields());
    }
}
