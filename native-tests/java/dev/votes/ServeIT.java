package dev.votes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.votes.common.ExitCodes;

/**
 * {@code votes serve} as a real process (the runner jar, or the native binary with -Dnative): it listens on a free port
 * on 127.0.0.1, takes an upload over HTTP, answers the outliers, lets the CLI use the warehouse between requests, and
 * ends cleanly on SIGTERM (exit 143, the JVM's and the native image's code for it).
 */
class ServeIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void servesAnUploadAndItsOutliersThenStopsCleanlyOnSigterm() throws Exception {
        Path db = dir.resolve("warehouse.db");
        Server server = serve(db, "--token", "t0ken");
        PackagedCli.Running serve = server.process();
        int port = server.port();
        HttpClient http = server.http();
        URI base = server.base();

        HttpResponse<String> refused = http.send(upload(base, null), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> ingest = http.send(upload(base, "t0ken"), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> outliers = http.send(HttpRequest.newBuilder(base.resolve("/api/outliers")).build(),
                HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> health = http.send(HttpRequest.newBuilder(base.resolve("/q/health")).build(),
                HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> page = http.send(HttpRequest.newBuilder(base.resolve("/")).build(),
                HttpResponse.BodyHandlers.ofString());
        // Told to listen on serve's own port, another command would fail if it started the HTTP listener at all.
        ProcessBuilder runsOnServesPort = new ProcessBuilder(PackagedCli.command(List.of(), "runs", "--db",
                db.toString(), "--format", "csv"));
        runsOnServesPort.environment().put("QUARKUS_HTTP_PORT", Integer.toString(port));
        PackagedCli.Result runs = PackagedCli.start(dir, runsOnServesPort).await(Duration.ofMinutes(1));

        assertEquals(401, refused.statusCode(), refused.body());
        assertEquals(200, ingest.statusCode(), ingest.body());
        assertEquals(16, JSON.readTree(ingest.body()).get("rows_inserted").asLong());
        assertEquals(200, outliers.statusCode(), outliers.body());
        JsonNode weeks = JSON.readTree(outliers.body());
        assertEquals(6, weeks.size(), outliers.body());
        assertEquals(2022, weeks.get(0).get("Year").asInt());
        assertEquals(200, health.statusCode(), health.body());
        assertTrue(health.body().contains("UP"), health.body());
        assertTrue(page.body().contains("upload-form"), page.body());
        assertEquals(ExitCodes.OK, runs.exitCode(), runs::toString);
        assertTrue(runs.out().contains("example-votes.jsonl"), "the CLI reads the warehouse while serve runs: " + runs);
        assertEquals("", runs.err(), "no listener, no port conflict");

        serve.signal("TERM");
        PackagedCli.Result stopped = serve.await(Duration.ofSeconds(60));
        assertTrue(List.of(0, 143).contains(stopped.exitCode()), stopped::toString);
        assertEquals("", stopped.out(), "stdout stays empty");
        assertEquals(1, PackagedCli.run(dir, "runs", "--db", db.toString(), "--format", "csv").out().lines()
                .filter(line -> line.startsWith("1,")).count(), "the warehouse opens after serve ended");
        try (var uploads = Files.list(dir.resolve("warehouse.db.uploads"))) {
            assertTrue(uploads.findAny().isEmpty(), "uploads were removed");
        }
    }

    @Test
    void sigtermDuringAnUploadsIngestRollsItBackAnswers503AndStopsTheServer() throws Exception {
        Path big = dir.resolve("big.jsonl.gz");
        try (java.io.Writer out = new java.io.OutputStreamWriter(new java.util.zip.GZIPOutputStream(
                Files.newOutputStream(big)), StandardCharsets.UTF_8)) {
            for (int id = 1; id <= 2_000_000; id++) {
                out.write("{\"Id\":\"" + id + "\",\"PostId\":\"1\",\"VoteTypeId\":\"2\",\"CreationDate\":\"2022-01-"
                        + (10 + id % 19) + "T00:00:00.000\"}\n");
            }
        }
        Path db = dir.resolve("warehouse.db");
        Server server = serve(db);
        PackagedCli.Running serve = server.process();
        HttpClient http = server.http();
        URI base = server.base();

        var ingest = http.sendAsync(upload(base, null, big), HttpResponse.BodyHandlers.ofString());
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!http.send(HttpRequest.newBuilder(base.resolve("/api/runs")).build(), HttpResponse.BodyHandlers.ofString())
                .body().contains("\"running\"")) {
            assertTrue(System.nanoTime() < deadline && !ingest.isDone(), "the ingest was seen running");
            Thread.sleep(20);
        }
        serve.signal("TERM");
        HttpResponse<String> answer = ingest.get();
        PackagedCli.Result stopped = serve.await(Duration.ofSeconds(60));

        assertEquals(503, answer.statusCode(), answer.body());
        assertTrue(answer.body().contains("interrupted by SIGTERM"), answer.body());
        assertEquals(ExitCodes.TERMINATED, stopped.exitCode(), stopped::toString);
        PackagedCli.Result runs = PackagedCli.run(dir, "runs", "--db", db.toString(), "--format", "csv");
        assertTrue(runs.out().contains("1,interrupted,"), runs::toString);
        PackagedCli.Result check = PackagedCli.run(dir, "check", "--db", db.toString(), "--format", "csv");
        assertTrue(check.out().contains("ledger-vs-votes,PASS"), check::toString);
    }

    @Test
    void theFirstUploadCreatesTheWarehouseInServesStorageVersion() throws Exception {
        Path db = dir.resolve("warehouse.db");
        Server server = serve(db, "--storage-version", "v1.3.0");
        PackagedCli.Running serve = server.process();

        HttpResponse<String> ingest = server.http().send(upload(server.base(), null),
                HttpResponse.BodyHandlers.ofString());
        serve.signal("TERM");
        PackagedCli.Result stopped = serve.await(Duration.ofSeconds(60));

        assertEquals(200, ingest.statusCode(), ingest.body());
        assertTrue(List.of(0, 143).contains(stopped.exitCode()), stopped::toString);
        assertEquals("v1.3.0+", Warehouses.storageVersion(db));
    }

    /** A running {@code votes serve} on a free port of 127.0.0.1, and a client for it. */
    private record Server(PackagedCli.Running process, int port, URI base, HttpClient http) {
    }

    /** Starts {@code votes serve --port FREE --db DB ARGS...} and waits until it listens. */
    private Server serve(Path db, String... args) throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        List<String> command = new java.util.ArrayList<>(List.of("serve", "--port", Integer.toString(port), "--db",
                db.toString()));
        command.addAll(List.of(args));
        PackagedCli.Running serve = PackagedCli.start(dir, command.toArray(String[]::new));
        serve.awaitErr("listening on http://127.0.0.1:" + port + "/", Duration.ofSeconds(60));
        return new Server(serve, port, URI.create("http://127.0.0.1:" + port),
                HttpClient.newBuilder().proxy(HttpClient.Builder.NO_PROXY).build());
    }

    private static HttpRequest upload(URI base, String token) throws Exception {
        return upload(base, token, IngestCommandTest.example());
    }

    /** A multipart/form-data POST of one file, with the bearer token when given. */
    private static HttpRequest upload(URI base, String token, Path file) throws Exception {
        String boundary = "votes-boundary-" + System.nanoTime();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\""
                + file.getFileName() + "\"\r\nContent-Type: application/octet-stream\r\n\r\n")
                .getBytes(StandardCharsets.UTF_8));
        body.write(Files.readAllBytes(file));
        body.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve("/api/ingest"))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return request.build();
    }
}
