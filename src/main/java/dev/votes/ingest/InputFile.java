package dev.votes.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * One input file of a run, identified by content: its absolute path, size and the SHA-256 of its bytes on disk
 * (streamed through a 1 MiB buffer, never held in memory).
 */
record InputFile(String path, long size, String sha256) {

    private static final int BUFFER = 1 << 20;

    static InputFile of(String path) throws IOException {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JDK has no SHA-256", e);
        }
        long size = 0;
        byte[] buffer = new byte[BUFFER];
        try (InputStream in = Files.newInputStream(Path.of(path))) {
            for (int read; (read = in.read(buffer)) >= 0; ) {
                digest.update(buffer, 0, read);
                size += read;
            }
        }
        return new InputFile(path, size, HexFormat.of().formatHex(digest.digest()));
    }
}
