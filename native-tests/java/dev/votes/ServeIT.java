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
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        Path db = dir.resolve("warehouse.db");
        PackagedCli.Running serve = PackagedCli.start(dir, "serve", "--port", Integer.toString(port), "--db",
                db.toString(), "--token", "t0ken");
        serve.awaitErr("listening on http://127.0.0.1:" + port + "/", Duration.ofSeconds(60));
        HttpClient http = HttpClient.newBuilder().proxy(HttpClient.Builder.NO_PROXY).build();
        URI base = URI.create("http://127.0.0.1:" + port);

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

    /** A multipart/form-data POST of the example file, with the bearer token when given. */
    private static HttpRequest upload(URI base, String token) throws Exception {
        String boundary = "votes-boundary-" + System.nanoTime();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"example-votes.jsonl\""
                + "\r\nContent-Type: application/x-ndjson\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.write(Files.readAllBytes(IngestCommandTest.example()));
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
