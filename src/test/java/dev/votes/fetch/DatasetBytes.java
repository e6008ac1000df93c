package dev.votes.fetch;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.zip.GZIPInputStream;

/** The real dataset's bytes (data/votes.jsonl.gz, decompressed): what the test archives carry. */
public final class DatasetBytes {

    private static byte[] votes;

    private DatasetBytes() {
    }

    public static synchronized byte[] votes() {
        if (votes == null) {
            Path dataset = Path.of(System.getProperty("votes.dataset", "data/votes.jsonl.gz"));
            try (InputStream in = new GZIPInputStream(Files.newInputStream(dataset))) {
                votes = in.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return votes.clone();
    }

    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
