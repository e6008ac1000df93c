package dev.votes.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.votes.common.PlausibleDates;
import dev.votes.common.Progress;

/**
 * The screen that spares a clean JSON-lines file the second read counting its unknown fields: it may say "certainly
 * none" only where DuckDB's exact count finds none, whatever the pieces the bytes come in.
 */
class FieldScreenTest {

    private static final String VOTE = "{\"Id\":\"1\",\"PostId\":\"2\",\"VoteTypeId\":\"2\",\"UserId\":\"7\","
            + "\"BountyAmount\":\"50\",\"CreationDate\":\"2012-01-11T00:00:00.000\"}";

    @TempDir
    Path dir;

    @Test
    void votesWithOnlyVoteFieldsPass() {
        assertTrue(screen(VOTE + "\n" + VOTE + "\n"));
        assertTrue(screen(VOTE), "the last line may lack its line feed");
        assertTrue(screen(""), "an empty file");
        assertTrue(screen("\n  \n\t\r\n" + VOTE + "\r\n\n"), "blank lines and CRLF");
        assertTrue(screen(" { \"Id\" : 1 , \"PostId\":2e3,\"VoteTypeId\":-2, \"UserId\":null,\"BountyAmount\":true } \n"),
                "white space, numbers and literals");
        assertTrue(screen("{\"Id\":\"a \\\" quote, a } and a \\\\\",\"PostId\":\"{\\\"x\\\":1}\"}\n"),
                "escapes and brackets inside a value");
        assertTrue(screen("{}\n"), "an empty object has no field");
        assertTrue(screen("{\"Id\":\"1\",\"Id\":\"2\"}\n"), "a repeated vote field is no unknown field");
    }

    @Test
    void anythingElseSendsTheFileToTheExactCount() {
        assertFalse(screen(VOTE + "\n{\"Id\":\"1\",\"Extra\":\"x\"}\n"), "an unknown field");
        assertFalse(screen("{\"id\":\"1\"}\n"), "names are exact");
        assertFalse(screen("{\"CreationDateX\":\"1\"}\n"), "a longer name");
        assertFalse(screen("{\"I\\u0064\":\"1\"}\n"), "an escape in a name");
        assertFalse(screen("{\"Id\":{\"Extra\":1}}\n"), "a nested object");
        assertFalse(screen("{\"Id\":[1,2]}\n"), "an array");
        assertFalse(screen("[1,2]\n"), "a line that is not an object");
        assertFalse(screen("{\"Id\":\"1\"\n}\n"), "an object over two lines");
        assertFalse(screen("{\"Id\":\"1\",}\n"), "a trailing comma");
        assertFalse(screen("{\"Id\":\"1\"} x\n"), "text after the object");
        assertFalse(screen("{\"Id\":\"1\n\"}\n"), "a line feed inside a value");
        assertFalse(screen("{\"Id\":\"x\\\n{\"Extra\":1}\n"), "an escaped line feed, then an unknown field");
        assertFalse(screen("\uFEFF" + VOTE + "\n"), "a byte order mark");
        assertFalse(screen("{\"Id\":\"1\""), "a file that ends inside an object");
        assertFalse(screen("not json\n"), "a line that is not JSON");
    }

    @Test
    void theAnswerDoesNotDependOnThePiecesTheBytesComeIn() {
        List<String> texts = List.of(VOTE + "\n" + VOTE + "\n", "{\"Id\":\"a\\\"b\",\"PostId\":12}\r\n",
                "{\"Id\":\"1\",\"Extra\":\"x\"}\n", "{\"Id\":\"1\\\\\",\"UserId\":\"2\"}\n{\"Idx\":1}\n");
        for (String text : texts) {
            byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
            boolean whole = screen(text);
            for (int cut = 0; cut <= bytes.length; cut++) {
                for (int size = 1; size <= 3; size++) {
                    FieldScreen screen = new FieldScreen();
                    screen.accept(bytes, 0, cut);
                    for (int at = cut; at < bytes.length; at += size) {
                        screen.accept(bytes, at, Math.min(size, bytes.length - at));
                    }
                    assertEquals(whole, screen.onlyVoteFields(), () -> "cut at " + text);
                }
            }
        }
    }

    @Test
    void whereTheScreenSaysNoneDuckDbsExactCountFindsNone() throws Exception {
        // Lines mutated at random from a vote; those the screen passes, in one file, must give the exact count nothing.
        Random random = new Random(20261130);
        String alphabet = "{}[]\":,\\ \t\r\nIdPostUserxyz0123456789.-+eE";
        List<String> passed = new ArrayList<>();
        int failedScreen = 0;
        for (int i = 0; i < 20_000; i++) {
            StringBuilder line = new StringBuilder(VOTE);
            for (int edits = 1 + random.nextInt(3); edits > 0; edits--) {
                int at = random.nextInt(line.length() + 1);
                switch (random.nextInt(3)) {
                    case 0 -> line.insert(at, alphabet.charAt(random.nextInt(alphabet.length())));
                    case 1 -> { if (at < line.length()) line.deleteCharAt(at); }
                    default -> { if (at < line.length()) line.setCharAt(at, alphabet.charAt(random.nextInt(alphabet.length()))); }
                }
            }
            String text = line + "\n";
            if (screen(text)) {
                passed.add(text);
            } else {
                failedScreen++;
            }
        }
        assertTrue(passed.size() > 1_000 && failedScreen > 1_000, "both kinds are exercised: " + passed.size() + " / "
                + failedScreen);
        Path file = dir.resolve("passed.jsonl");
        Files.writeString(file, String.join("", passed));
        assertTrue(screen(String.join("", passed)));
        assertEquals(0, exactUnknownFields(file));
        // And the check itself sees unknown fields where there are some.
        Path unknown = dir.resolve("unknown.jsonl");
        Files.writeString(unknown, String.join("", passed) + "{\"Id\":\"1\",\"Extra\":\"x\"}\n");
        assertEquals(1, exactUnknownFields(unknown));
    }

    @Test
    void aHashedRegularFileCarriesItsScreen() throws Exception {
        Path clean = dir.resolve("clean.jsonl");
        Files.writeString(clean, (VOTE + "\n").repeat(50_000));
        Path other = dir.resolve("other.jsonl");
        Files.writeString(other, (VOTE + "\n").repeat(50_000) + "{\"Id\":\"9\",\"Comment\":\"x\"}\n");

        assertTrue(ContentHash.start(clean, true, Runnable::run).onlyVoteFields());
        assertFalse(ContentHash.start(other, true, Runnable::run).onlyVoteFields());
        assertFalse(ContentHash.start(clean, false, Runnable::run).onlyVoteFields(), "not screened tells nothing");
        assertFalse(ContentHash.start(dir.resolve("gone.jsonl"), true, Runnable::run).onlyVoteFields());
    }

    /** The unknown fields DuckDB's exact count (staging/count_unknown_fields_of_json_lines.sql) finds in the file. */
    private static long exactUnknownFields(Path file) throws Exception {
        ExecutorService hashing = ContentHash.newHashingThread();
        Class.forName("org.duckdb.DuckDBDriver"); // as the tool does: DriverManager may not have found it yet
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:");
             StagingArea area = StagingArea.attach(connection, file.resolveSibling("w.db"), StagingPlace.memory,
                     List.of(), Progress.QUIET)) {
            Staging staging = new Staging(connection, area.onDisk());
            staging.createHelpers();
            InputFile input = InputFile.of(file.toString(), null, null, hashing);
            staging.countUnknownFieldsOfJsonLines(new Staging.File(0, input, file.toString(),
                    PlausibleDates.untilNow(PlausibleDates.DEFAULT_EARLIEST)));
            try (PreparedStatement count = connection.prepareStatement(
                    "SELECT coalesce(sum(records), 0) FROM staged_unknown_fields");
                 ResultSet rows = count.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        } finally {
            hashing.shutdown();
        }
    }

    private static boolean screen(String text) {
        FieldScreen screen = new FieldScreen();
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        screen.accept(bytes, 0, bytes.length);
        return screen.onlyVoteFields();
    }
}
