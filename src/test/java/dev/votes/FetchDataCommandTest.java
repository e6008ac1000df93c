package dev.votes;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.votes.cli.exit.ExitCodes;
import dev.votes.fetch.DatasetBytes;
import dev.votes.fetch.RawHttpServer;
import dev.votes.fetch.TarWriter;
import io.quarkus.test.junit.QuarkusTest;

/**
 * {@code votes fetch-data} in-process against a real HTTP server on 127.0.0.1 that serves archives built here from the
 * real dataset, and misbehaves on purpose. Each case checks the exit code, the stderr line, the output's bytes or its
 * absence, and that no temporary file is left behind.
 */
@QuarkusTest
class FetchDataCommandTest extends InProcessCommandTest {

    private static final byte[] VOTES = DatasetBytes.votes();
    private static final byte[] ARCHIVE = TarWriter.datasetArchive(VOTES);

    private Path out;

    @BeforeEach
    void setUpOutput() {
        out = dir.resolve("uncommitted").resolve("votes.jsonl");
    }

    @Test
    void theDatasetArchiveIsDownloadedAndExtractedIntoPlace() throws Exception {
        try (RawHttpServer server = new RawHttpServer(RawHttpServer.serving(ARCHIVE))) {
            CliRunner.Result result = fetch(server);

            assertEquals(ExitCodes.OK, result.exitCode(), result::toString);
            assertArrayEquals(VOTES, Files.readAllBytes(out));
            assertEquals("", result.out(), "nothing on stdout");
            assertEquals(1, result.err().lines().count(), result::toString);
            assertTrue(result.err().startsWith("fetched " + out + " (" + VOTES.length + " bytes, sha256 "
                    + DatasetBytes.sha256(VOTES) + ") from " + server.url("/votes.tar.gz") + " in "), result::toString);
            assertTrue(result.err().strip().endsWith("archive sha256 " + DatasetBytes.sha256(ARCHIVE)), result::toString);
            assertEquals(1, server.requests().size());
            assertOnlyOutputIn(out.getParent());
        }
    }

    @Test
    void aConnectionDroppedMidBodyIsResumedWithARangeRequest() throws Exception {
        int sent = ARCHIVE.length / 3;
        try (RawHttpServer server = new RawHttpServer((request, index, stream) -> {
            if (index == 0) {
                RawHttpServer.writeHead(stream, 200, Map.of("Accept-Ranges", "bytes",
                        "Content-Length", String.valueOf(ARCHIVE.length)));
                stream.write(ARCHIVE, 0, sent);
                stream.flush(); // and the connection closes, a third of the way in
            } else {
                RawHttpServer.serve(request, stream, ARCHIVE);
            }
        })) {
            CliRunner.Result result = fetch(server, "-v");

            assertEquals(ExitCodes.OK, result.exitCode(), result::toString);
            assertArrayEquals(VOTES, Files.readAllBytes(out));
            List<RawHttpServer.Request> requests = server.requests();
            assertEquals(2, requests.size(), result::toString);
            assertEquals(null, requests.get(0).header("Range"));
            String range = requests.get(1).header("Range");
            assertTrue(range != null && range.matches("bytes=\\d+-"), "second request: " + requests.get(1));
            long from = Long.parseLong(range.substring(6, range.length() - 1));
            assertTrue(from > 0 && from <= sent, "resumed from " + from + " of " + sent + " sent");
            assertTrue(result.err().contains("resuming at byte " + from), result::toString);
            assertOnlyOutputIn(out.getParent());
        }
    }

    @Test
    void aServerThatIgnoresTheRangeSendsItAllAgainAndTheDownloadRestartsFromZero() throws Exception {
        try (RawHttpServer server = new RawHttpServer((request, index, stream) -> {
            RawHttpServer.writeHead(stream, 200, Map.of("Content-Length", String.valueOf(ARCHIVE.length)));
            stream.write(ARCHIVE, 0, index == 0 ? ARCHIVE.length / 2 : ARCHIVE.length);
        })) {
            CliRunner.Result result = fetch(server, "-v");

            assertEquals(ExitCodes.OK, result.exitCode(), result::toString);
            assertArrayEquals(VOTES, Files.readAllBytes(out));
            assertEquals(2, server.requests().size());
            assertTrue(result.err().contains("restarting from byte 0"), result::toString);
        }
    }

    @Test
    void aBodyThatStallsTimesOutAndIsResumed() throws Exception {
        try (RawHttpServer server = new RawHttpServer((request, index, stream) -> {
            if (index == 0) {
                RawHttpServer.writeHead(stream, 200, Map.of("Accept-Ranges", "bytes",
                        "Content-Length", String.valueOf(ARCHIVE.length)));
                stream.write(ARCHIVE, 0, 100_000);
                stream.flush();
                sleep(4_000); // then silence, with the connection open
            } else {
                RawHttpServer.serve(request, stream, ARCHIVE);
            }
        })) {
            CliRunner.Result result = fetch(server, "-v", "--timeout", "1");

            assertEquals(ExitCodes.OK, result.exitCode(), result::toString);
            assertArrayEquals(VOTES, Files.readAllBytes(out));
            assertTrue(result.err().contains("no data for 1 s"), result::toString);
            assertTrue(server.requests().get(1).header("Range").startsWith("bytes="), server.requests()::toString);
        }
    }

    @Test
    void twoServiceUnavailableAnswersAreRetried() throws Exception {
        try (RawHttpServer server = new RawHttpServer((request, index, stream) -> {
            if (index < 2) {
                RawHttpServer.respond(stream, 503, Map.of("Content-Length", "0"), new byte[0]);
            } else {
                RawHttpServer.serve(request, stream, ARCHIVE);
            }
        })) {
            CliRunner.Result result = fetch(server);

            assertEquals(ExitCodes.OK, result.exitCode(), result::toString);
            assertArrayEquals(VOTES, Files.readAllBytes(out));
            assertEquals(3, server.requests().size());
            assertTrue(result.err().contains(" after 3 attempts"), result::toString);
            assertOnlyOutputIn(out.getParent());
        }
    }

    @Test
    void aServerThatStaysUnavailableFailsAfterTheBoundedRetries() throws Exception {
        try (RawHttpServer server = new RawHttpServer(RawHttpServer.status(503))) {
            CliRunner.Result result = fetch(server, "--retries", "3");

            assertFailed(result, "could not download " + server.url("/votes.tar.gz") + " in 4 attempts: HTTP 503");
            assertEquals(4, server.requests().size());
        }
    }

    @Test
    void aTruncatedArchiveServedCompletelyFails() throws Exception {
        byte[] cut = Arrays.copyOf(ARCHIVE, ARCHIVE.length * 3 / 5);
        try (RawHttpServer server = new RawHttpServer(RawHttpServer.serving(cut))) {
            CliRunner.Result result = fetch(server);

            assertFailed(result, "the archive from " + server.url("/votes.tar.gz") + " is truncated");
            assertEquals(1, server.requests().size(), "served completely: not retried");
        }
    }

    @Test
    void aCorruptGzipFails() throws Exception {
        byte[] corrupt = ARCHIVE.clone();
        for (int i = corrupt.length / 2; i < corrupt.length / 2 + 64; i++) {
            corrupt[i] ^= (byte) 0x5a;
        }
        try (RawHttpServer server = new RawHttpServer(RawHttpServer.serving(corrupt))) {
            CliRunner.Result result = fetch(server);

            assertFailed(result, "the archive from " + server.url("/votes.tar.gz") + " is corrupt: gzip says");
        }
    }

    @Test
    void aWrongSha256FailsAndLeavesTheExistingOutputUntouched() throws Exception {
        Files.createDirectories(out.getParent());
        Files.writeString(out, "the previous dataset\n");
        String wrong = "0".repeat(64);
        try (RawHttpServer server = new RawHttpServer(RawHttpServer.serving(ARCHIVE))) {
            CliRunner.Result result = fetch(server, "--sha256", wrong);

            assertEquals(ExitCodes.FETCH_FAILED, result.exitCode(), result::toString);
            assertEquals(List.of("votes: fetch-data failed: the archive from " + server.url("/votes.tar.gz")
                    + " has sha256 " + DatasetBytes.sha256(ARCHIVE) + ", not the " + wrong + " given with --sha256;"
                    + " nothing was written (check --sha256 and --url)"), result.err().lines().toList());
            assertEquals("the previous dataset\n", Files.readString(out));
            assertOnlyOutputIn(out.getParent());
        }
    }

    @Test
    void theRightSha256IsAccepted() throws Exception {
        try (RawHttpServer server = new RawHttpServer(RawHttpServer.serving(ARCHIVE))) {
            CliRunner.Result result = fetch(server, "--sha256", DatasetBytes.sha256(ARCHIVE).toUpperCase());

            assertEquals(ExitCodes.OK, result.exitCode(), result::toString);
            assertArrayEquals(VOTES, Files.readAllBytes(out));
        }
    }

    @Test
    void anArchiveWithADotDotMemberIsRefusedAndNothingIsWritten() throws Exception {
        Path deep = dir.resolve("a").resolve("b").resolve("votes.jsonl");
        byte[] evil = TarWriter.gzip(new TarWriter()
                .file("../evil", "pwned\n".getBytes(StandardCharsets.UTF_8))
                .file("votes.jsonl", VOTES).finish());
        try (RawHttpServer server = new RawHttpServer(RawHttpServer.serving(evil))) {
            CliRunner.Result result = cli.run("fetch-data", "--url", server.url("/votes.tar.gz").toString(),
                    "--out", deep.toString(), "--backoff-ms", "5");

            assertEquals(ExitCodes.FETCH_FAILED, result.exitCode(), result::toString);
            assertTrue(result.err().contains("is unsafe: member '../evil' has a '..' path segment"), result::toString);
            try (Stream<Path> files = Files.walk(dir)) {
                assertEquals(List.of(dir), files.toList(), "nothing inside or outside, not even the directories made");
            }
        }
    }

    @Test
    void aSymbolicLinkMemberIsRefused() throws Exception {
        byte[] link = TarWriter.gzip(new TarWriter().entry("votes.jsonl", '2', new byte[0], "/etc/passwd").finish());
        try (RawHttpServer server = new RawHttpServer(RawHttpServer.serving(link))) {
            CliRunner.Result result = fetch(server);

            assertFailed(result, "is unsafe: member 'votes.jsonl' is a symbolic link");
        }
    }

    @Test
    void notFoundFailsAtOnce() throws Exception {
        try (RawHttpServer server = new RawHttpServer(RawHttpServer.status(404))) {
            CliRunner.Result result = fetch(server);

            assertFailed(result, "could not download " + server.url("/votes.tar.gz")
                    + ": HTTP 404 (not found); check the URL (--url or env VOTES_DATA_URL)");
            assertEquals(1, server.requests().size());
        }
    }

    @Test
    void anHtmlPageIsNotTakenForTheDataset() throws Exception {
        byte[] page = "<!DOCTYPE html><html><body>Virus scan warning</body></html>".getBytes(StandardCharsets.UTF_8);
        try (RawHttpServer server = new RawHttpServer(RawHttpServer.serving(page))) {
            CliRunner.Result result = fetch(server);

            assertFailed(result, "is an HTML page, not the dataset");
        }
    }

    @Test
    void aPlainOrGzippedJsonLinesBodyIsAcceptedToo() throws Exception {
        for (byte[] body : List.of(VOTES, TarWriter.gzip(VOTES))) {
            try (RawHttpServer server = new RawHttpServer(RawHttpServer.serving(body))) {
                CliRunner.Result result = fetch(server);

                assertEquals(ExitCodes.OK, result.exitCode(), result::toString);
                assertArrayEquals(VOTES, Files.readAllBytes(out));
                assertOnlyOutputIn(out.getParent());
            }
        }
    }

    @Test
    void theMaxBytesLimitBoundsTheDecompressedContent() throws Exception {
        try (RawHttpServer server = new RawHttpServer(RawHttpServer.serving(ARCHIVE))) {
            CliRunner.Result result = fetch(server, "--max-bytes", String.valueOf(VOTES.length / 2));

            assertFailed(result, "over the --max-bytes limit of " + VOTES.length / 2);
        }
    }

    @Test
    void theMaxBytesLimitIsASizeReadByTheOneRule() throws Exception {
        try (RawHttpServer server = new RawHttpServer(RawHttpServer.serving(ARCHIVE))) {
            CliRunner.Result decimal = fetch(server, "--max-bytes", "0.01KB");
            CliRunner.Result bad = fetch(server, "--max-bytes", "lots");

            assertFailed(decimal, "over the --max-bytes limit of 10");
            assertEquals(ExitCodes.USAGE, bad.exitCode(), bad::toString);
            assertTrue(bad.err().contains("'--max-bytes'"), bad::toString);
        }
    }

    @Test
    void jsonFormatPrintsTheSummaryOnStdout() throws Exception {
        try (RawHttpServer server = new RawHttpServer(RawHttpServer.serving(ARCHIVE))) {
            CliRunner.Result result = fetch(server, "--format", "json");

            assertEquals(ExitCodes.OK, result.exitCode(), result::toString);
            JsonNode summary = new ObjectMapper().readTree(result.out());
            assertEquals(VOTES.length, summary.get("bytes").asLong());
            assertEquals(DatasetBytes.sha256(VOTES), summary.get("sha256").asText());
            assertEquals("votes.jsonl", summary.get("member").asText());
            assertEquals(1, summary.get("attempts").asInt());
        }
    }

    @Test
    void anOutThatIsNotARegularFileIsRefusedBeforeTheDownloadAndLeftAsItWas() throws Exception {
        try (RawHttpServer server = new RawHttpServer(RawHttpServer.serving(ARCHIVE))) {
            for (SpecialFiles.Obstacle obstacle : SpecialFiles.makeAll(dir)) {
                Map<String, Object> before = SpecialFiles.snapshot(obstacle.path());
                List<String> listing = listing(dir);

                CliRunner.Result result = cli.run("fetch-data", "--url", server.url("/votes.tar.gz").toString(),
                        "--out", obstacle.path().toString(), "--backoff-ms", "5");

                assertEquals(ExitCodes.FETCH_FAILED, result.exitCode(), result::toString);
                assertEquals(List.of("votes: fetch-data failed: refusing to write --out " + obstacle.path() + ": it is "
                        + obstacle.kind() + ", not a regular file; nothing was written ("
                        + (obstacle.kind().equals("a directory")
                        ? "give the path of the file to write, e.g. " + obstacle.path().resolve("votes.jsonl")
                        : obstacle.kind().startsWith("a symbolic link to " + dir.resolve("regular"))
                        ? "pass --out " + dir.resolve("regular.jsonl") + " to replace the file it points to"
                        : "pass --out with the path of a regular file or of a new one") + ")"),
                        result.err().lines().toList());
                assertEquals(before, SpecialFiles.snapshot(obstacle.path()), obstacle::toString);
                assertEquals(listing, listing(dir), "nothing created beside it");
            }
            assertEquals(List.of(), server.requests(), "refused before anything was downloaded");
        }
    }

    @Test
    void aFifoThatAppearsAtOutDuringTheDownloadIsNotReplaced() throws Exception {
        Path fifo = dir.resolve("votes.jsonl");
        try (RawHttpServer server = new RawHttpServer((request, index, stream) -> {
            try {
                SpecialFiles.fifo(fifo); // after the check at the start, before the file is moved into place
            } catch (InterruptedException e) {
                throw new IOException(e);
            }
            RawHttpServer.serve(request, stream, ARCHIVE);
        })) {
            CliRunner.Result result = cli.run("fetch-data", "--url", server.url("/votes.tar.gz").toString(),
                    "--out", fifo.toString(), "--backoff-ms", "5");

            assertEquals(ExitCodes.FETCH_FAILED, result.exitCode(), result::toString);
            assertEquals(List.of("votes: fetch-data failed: refusing to write --out " + fifo + ": it is a FIFO, not a "
                    + "regular file; nothing was written (pass --out with the path of a regular file or of a new one)"),
                    result.err().lines().toList());
            assertEquals(010000, (Integer) Files.getAttribute(fifo, "unix:mode") & 0170000, "still a FIFO");
            assertEquals(List.of("votes.jsonl"), listing(dir), "no temporary file left behind");
        }
    }

    @Test
    void badOptionValuesAreUsageErrors() {
        CliRunner.Result url = cli.run("fetch-data", "--url", "ftp://example.org/x", "--out", out.toString());
        CliRunner.Result sha = cli.run("fetch-data", "--sha256", "abc", "--out", out.toString());

        assertEquals(ExitCodes.USAGE, url.exitCode(), url::toString);
        assertTrue(url.err().contains("is not an http or https URL"), url::toString);
        assertEquals(ExitCodes.USAGE, sha.exitCode(), sha::toString);
        assertFalse(Files.exists(out.getParent()));
    }

    private CliRunner.Result fetch(RawHttpServer server, String... options) {
        List<String> args = new java.util.ArrayList<>(List.of("fetch-data", "--url", server.url("/votes.tar.gz").toString(),
                "--out", out.toString(), "--backoff-ms", "5"));
        args.addAll(List.of(options));
        return cli.run(args.toArray(String[]::new));
    }

    /** Exit 6, one line naming the problem, no output file, and no directory or temporary file left behind. */
    private void assertFailed(CliRunner.Result result, String expected) throws IOException {
        assertEquals(ExitCodes.FETCH_FAILED, result.exitCode(), result::toString);
        assertEquals(1, result.err().lines().count(), result::toString);
        assertTrue(result.err().startsWith("votes: fetch-data failed: "), result::toString);
        assertTrue(result.err().contains(expected), () -> "expected '" + expected + "' in\n" + result);
        assertEquals("", result.out());
        assertFalse(Files.exists(out));
        try (Stream<Path> files = Files.walk(dir)) {
            assertEquals(List.of(dir), files.toList(), "nothing left behind");
        }
    }

    private static List<String> listing(Path directory) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    /** The directory holds the output and nothing else: no download, no partial file. */
    private static void assertOnlyOutputIn(Path directory) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            assertEquals(List.of("votes.jsonl"), files.map(p -> p.getFileName().toString()).toList());
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
