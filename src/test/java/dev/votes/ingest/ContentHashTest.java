package dev.votes.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.votes.failure.BadInput;

/** The background SHA-256 of an input: the file's true hash, and a one-line error when it changed or cannot be read. */
class ContentHashTest {

    @TempDir
    Path dir;

    @Test
    void aFileHashedInTheBackgroundGivesItsSha256() throws Exception {
        Path file = dir.resolve("votes.jsonl");
        byte[] bytes = "{\"Id\":\"1\"}\n".repeat(300_000).getBytes(StandardCharsets.UTF_8);
        Files.write(file, bytes);

        String expected = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));

        assertEquals(expected, ContentHash.start(file, false, Runnable::run).sha256(file.toString(), bytes.length));
    }

    @Test
    void aFileThatChangedSizeWhileItWasReadFailsItsRun() throws Exception {
        Path file = dir.resolve("growing.jsonl");
        Files.writeString(file, "{\"Id\":\"1\"}\n{\"Id\":\"2\"}\n");

        BadInput failure = assertThrows(BadInput.class,
                () -> ContentHash.start(file, false, Runnable::run).sha256(file.toString(), 11));

        assertTrue(failure.getMessage().startsWith("input " + file + " changed while it was read (11 bytes, then 22)"),
                failure.getMessage());
        assertTrue(failure.getMessage().contains("rolled back"), failure.getMessage());
    }

    @Test
    void aFileThatVanishedBeforeItWasHashedIsAOneLineError() {
        Path file = dir.resolve("gone.jsonl");

        BadInput failure = assertThrows(BadInput.class, () -> ContentHash.start(file, false, Runnable::run).sha256(file.toString(), 0));

        assertTrue(failure.getMessage().startsWith("cannot read input " + file + " to hash it: "), failure.getMessage());
        assertEquals(1, failure.getMessage().lines().count());
    }
}
