package dev.votes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.votes.cli.exit.ExitCodes;

/**
 * An ingest on a full disk, as a real process: the warehouse lives on a small tmpfs mounted in a private mount
 * namespace ({@code unshare -m}). Both sides of the commit are told apart and told truly: when the commit itself cannot
 * be written, nothing was committed (exit 1); when the commit is written but the checkpoint after it cannot be, the run
 * is committed and says so (exit 7), and its rows are there when the warehouse is opened again.
 */
class FullDiskIT {

    @TempDir
    Path dir;

    @Test
    void aCommitThatCannotBeWrittenCommitsNothingAndSaysSo() throws Exception {
        Path copy = ingestOnTmpfs("1400k");

        PackagedCli.Result result = lastResult;
        assertEquals(ExitCodes.FAILURE, result.exitCode(), result::toString);
        assertTrue(result.err().contains("nothing was committed") && result.err().contains("No space left on device"),
                result::toString);
        assertEquals(1, result.err().lines().count(), result::toString);
        assertEquals(0, Warehouses.count(copy, "SELECT count(*) FROM blog_analysis.votes"));
        assertEquals(0, Warehouses.count(copy, "SELECT count(*) FROM blog_analysis.ingestion_runs "
                + "WHERE status LIKE 'succeeded%'"));
    }

    @Test
    void aCheckpointThatCannotBeWrittenAfterTheCommitSaysTheRunIsCommitted() throws Exception {
        Path copy = ingestOnTmpfs("3000k");

        PackagedCli.Result result = lastResult;
        assertEquals(ExitCodes.COMMITTED_NOT_CHECKPOINTED, result.exitCode(), result::toString);
        assertEquals(1, result.err().lines().count(), result::toString);
        assertTrue(result.err().contains("ingest run 1 succeeded: 1 file, read 40299, inserted 40299")
                && result.err().contains("the run is committed, but the checkpoint did not finish")
                && result.err().contains("No space left on device"), result::toString);
        assertFalse(result.err().contains("nothing was committed"), result::toString);
        assertTrue(result.out().contains("1,succeeded,"), "the summary still goes to stdout: " + result);
        assertTrue(Files.exists(copy.resolveSibling("w.db.wal")), "the rows wait in the write-ahead log");
        assertEquals(40_299, Warehouses.count(copy, "SELECT count(*) FROM blog_analysis.votes"));
        assertEquals(List.of(List.of("succeeded", 40_299L)), Warehouses.query(copy,
                "SELECT status, rows_inserted FROM blog_analysis.ingestion_runs"));
    }

    @Test
    void aServerAnswersAnUploadCommittedBeforeAFailedCheckpointAsCommitted() throws Exception {
        Path mount = Files.createDirectory(dir.resolve("small-disk"));
        int port;
        try (java.net.ServerSocket free = new java.net.ServerSocket(0)) {
            port = free.getLocalPort();
        }
        String script = "mount -t tmpfs -o size=" + SERVE_SIZE + " tmpfs \"$0\" || exit 99; exec \"$@\"";
        List<String> command = PackagedCli.command(new ArrayList<>(List.of("unshare", "-m", "sh", "-c", script,
                mount.toString())), "serve", "--port", Integer.toString(port), "--db", mount.resolve("w.db").toString());
        PackagedCli.Running serve = PackagedCli.start(dir, new ProcessBuilder(command));
        try {
            serve.awaitErr("listening on http://127.0.0.1:" + port + "/", Duration.ofSeconds(60));
            String boundary = "votes-boundary";
            java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
            body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"votes.jsonl.gz\""
                    + "\r\nContent-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.UTF_8));
            body.write(Files.readAllBytes(PackagedCli.DATASET));
            body.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
            HttpResponse<String> answer = HttpClient.newBuilder().proxy(HttpClient.Builder.NO_PROXY).build().send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/ingest"))
                            .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                            .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build(),
                    HttpResponse.BodyHandlers.ofString());

            assertEquals(200, answer.statusCode(), answer::body);
            JsonNode json = new ObjectMapper().readTree(answer.body());
            assertEquals(ExitCodes.COMMITTED_NOT_CHECKPOINTED, json.get("exit_code").asInt(), answer::body);
            assertEquals(40_299, json.get("rows_inserted").asLong(), answer::body);
            assertTrue(json.get("warning").asText().startsWith("the run is committed, but the checkpoint did not "
                    + "finish"), answer::body);
            assertFalse(answer.body().contains(dir.toString()), "no server path in the answer: " + answer.body());
        } finally {
            serve.signal("TERM");
            serve.await(Duration.ofSeconds(30));
        }
    }

    /** A tmpfs on which the server's first upload of the dataset commits but cannot be checkpointed. */
    private static final String SERVE_SIZE = "3300k";

    private PackagedCli.Result lastResult;

    /**
     * Runs {@code ingest} of the real dataset into a warehouse on a tmpfs of this size, then copies what the tmpfs holds
     * (the namespace and its mount end with the process) to a directory the test reads; returns the copy's warehouse.
     */
    private Path ingestOnTmpfs(String size) throws Exception {
        Path mount = Files.createDirectory(dir.resolve("small-disk"));
        Path after = Files.createDirectory(dir.resolve("after"));
        Path input = PackagedCli.DATASET.toAbsolutePath();
        String script = "mount -t tmpfs -o size=" + size + " tmpfs \"$0\" || exit 99; \"$@\"; code=$?; "
                + "cp -a \"$0\"/. \"" + after + "\"/; exit $code";
        List<String> prefix = new ArrayList<>(List.of("unshare", "-m", "sh", "-c", script, mount.toString()));
        List<String> command = PackagedCli.command(prefix, "ingest", "--db", mount.resolve("w.db").toString(),
                "--format", "csv", input.toString());
        lastResult = PackagedCli.start(dir, new ProcessBuilder(command)).await(Duration.ofMinutes(2));
        assertTrue(lastResult.exitCode() != 99, "the tmpfs was mounted: " + lastResult);
        return after.resolve("w.db");
    }
}
