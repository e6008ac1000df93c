package dev.votes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
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

import dev.votes.cli.exit.ExitCodes;

/**
 * {@code votes serve} as a real process (the runner jar, or the native binary with -Dnative): it listens on a free port
 * on 127.0.0.1, takes an upload over HTTP, answers the outliers, lets the CLI use the warehouse between requests, and
 * ends cleanly on SIGTERM (exit 143, the JVM's and the native image's code for it), answering an upload still arriving
 * 503 at once. When it cannot start, that is one line: a busy port or a foreign address (exit 8), an address beyond this machine
 * without a token (exit 2).
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

    @Test
    void aStopWhileAnUploadIsStillArrivingAnswers503AtOnceAndCommitsNothing() throws Exception {
        Path db = dir.resolve("warehouse.db");
        Server server = serve(db);
        PackagedCli.Running serve = server.process();
        assertEquals(200, server.http().send(upload(server.base(), null), HttpResponse.BodyHandlers.ofString())
                .statusCode());
        byte[] content = Files.readAllBytes(IngestCommandTest.example());
        byte[] head = ("--B\r\nContent-Disposition: form-data; name=\"file\"; filename=\"late.jsonl\"\r\n"
                + "Content-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.UTF_8);
        byte[] tail = "\r\n--B--\r\n".getBytes(StandardCharsets.UTF_8);

        try (Socket client = new Socket("127.0.0.1", server.port())) {
            client.setSoTimeout((int) Duration.ofSeconds(90).toMillis());
            OutputStream out = client.getOutputStream();
            InputStream in = client.getInputStream();
            out.write(("POST /api/ingest HTTP/1.1\r\nHost: 127.0.0.1:" + server.port() + "\r\n"
                    + "Content-Type: multipart/form-data; boundary=B\r\nExpect: 100-continue\r\n"
                    + "Content-Length: " + (head.length + content.length + tail.length) + "\r\n\r\n")
                    .getBytes(StandardCharsets.UTF_8));
            out.flush();
            assertEquals("HTTP/1.1 100 Continue", line(in), "the server took the request");
            assertEquals("", line(in));
            out.write(head);
            out.write(content, 0, content.length / 2);
            out.flush();

            serve.signal("TERM");
            String status = line(in);
            String answer = status + "\n" + new String(in.readAllBytes(), StandardCharsets.UTF_8);

            assertTrue(status.startsWith("HTTP/1.1 503"), "answered while the upload was still arriving: " + answer);
            assertTrue(answer.contains("{\"status\":503,\"error\":\"the server is stopping"), answer);
            try {
                // The rest of the upload: the server is not listening to it any more.
                out.write(content, content.length / 2, content.length - content.length / 2);
                out.write(tail);
                out.flush();
            } catch (IOException closed) {
                // the connection is closed: as good
            }
        }
        PackagedCli.Result stopped = serve.await(Duration.ofSeconds(60));

        assertEquals(ExitCodes.TERMINATED, stopped.exitCode(), stopped::toString);
        assertEquals("", stopped.out(), "stdout stays empty");
        PackagedCli.Result runs = PackagedCli.run(dir, "runs", "--db", db.toString(), "--format", "csv");
        assertEquals(List.of("1,succeeded"), runs.out().lines().skip(1)
                .map(row -> row.substring(0, row.indexOf(',', row.indexOf(',') + 1))).toList(),
                "the upload that was still arriving never became a run: " + runs);
    }

    @Test
    void aBusyPortOrAnAddressNotOfThisMachineIsOneLineAndExitCode8() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            int port = taken.getLocalPort();
            PackagedCli.Result busy = PackagedCli.start(dir, "serve", "--port", Integer.toString(port), "--db",
                    dir.resolve("warehouse.db").toString()).await(Duration.ofSeconds(60));

            assertEquals(ExitCodes.LISTEN_FAILED, busy.exitCode(), busy::toString);
            assertEquals("", busy.out());
            assertEquals(1, busy.err().lines().count(), busy::toString);
            assertTrue(busy.err().startsWith("votes serve: cannot listen on 127.0.0.1:" + port + ": the port is in use"),
                    busy::toString);
            assertFalse(busy.err().contains("kill"), busy::toString);
        }
        // 192.0.2.1 is TEST-NET-1 (RFC 5737): an address no machine here has.
        PackagedCli.Result elsewhere = PackagedCli.start(dir, "serve", "--bind", "192.0.2.1", "--port", "0",
                "--token", "t0ken", "--db", dir.resolve("warehouse.db").toString()).await(Duration.ofSeconds(60));

        assertEquals(ExitCodes.LISTEN_FAILED, elsewhere.exitCode(), elsewhere::toString);
        assertEquals(1, elsewhere.err().lines().count(), elsewhere::toString);
        assertTrue(elsewhere.err().startsWith("votes serve: cannot listen on 192.0.2.1:"), elsewhere::toString);
        assertFalse(Files.exists(dir.resolve("warehouse.db")), "nothing was created");
    }

    @Test
    void listeningBeyondThisMachineNeedsAToken() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        ProcessBuilder noToken = new ProcessBuilder(PackagedCli.command(List.of(), "serve", "--bind", "0.0.0.0",
                "--port", Integer.toString(port), "--db", dir.resolve("warehouse.db").toString()));
        noToken.environment().remove("VOTES_TOKEN");
        PackagedCli.Running open = PackagedCli.start(dir, noToken);
        try {
            PackagedCli.Result refused = open.await(Duration.ofSeconds(60));

            assertEquals(ExitCodes.USAGE, refused.exitCode(), refused::toString);
            assertEquals(1, refused.err().lines().count(), refused::toString);
            assertTrue(refused.err().contains("--bind 0.0.0.0") && refused.err().contains("--token"), refused::toString);
        } finally {
            open.process().destroyForcibly();
        }
        ProcessBuilder withToken = new ProcessBuilder(PackagedCli.command(List.of(), "serve", "--bind", "0.0.0.0",
                "--port", Integer.toString(port), "--db", dir.resolve("warehouse.db").toString()));
        withToken.environment().put("VOTES_TOKEN", "t0ken");
        PackagedCli.Running serve = PackagedCli.start(dir, withToken);
        try {
            serve.awaitErr("listening on http://0.0.0.0:" + port + "/", Duration.ofSeconds(60));
            serve.signal("TERM");
            assertEquals(ExitCodes.TERMINATED, serve.await(Duration.ofSeconds(60)).exitCode());
        } finally {
            serve.process().destroyForcibly();
        }
    }

    @Test
    void votesBindSetsTheDefaultAddressAndItsRefusalSaysToSetVotesToken() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        // The container image sets VOTES_BIND=0.0.0.0: without a token that is refused, naming what to set.
        ProcessBuilder noToken = new ProcessBuilder(PackagedCli.command(List.of(), "serve", "--port",
                Integer.toString(port), "--db", dir.resolve("warehouse.db").toString()));
        noToken.environment().remove("VOTES_TOKEN");
        noToken.environment().put("VOTES_BIND", "0.0.0.0");
        PackagedCli.Result refused = PackagedCli.start(dir, noToken).await(Duration.ofSeconds(60));
        assertEquals(ExitCodes.USAGE, refused.exitCode(), refused::toString);
        assertEquals(1, refused.err().lines().count(), refused::toString);
        assertTrue(refused.err().startsWith("votes serve: VOTES_BIND=0.0.0.0 listens beyond this machine"),
                refused::toString);
        assertTrue(refused.err().contains("set VOTES_TOKEN"), refused::toString);

        // --bind on the command line wins over VOTES_BIND.
        ProcessBuilder loopback = new ProcessBuilder(PackagedCli.command(List.of(), "serve", "--bind", "127.0.0.1",
                "--port", Integer.toString(port), "--db", dir.resolve("warehouse.db").toString()));
        loopback.environment().remove("VOTES_TOKEN");
        loopback.environment().put("VOTES_BIND", "0.0.0.0");
        PackagedCli.Running serve = PackagedCli.start(dir, loopback);
        try {
            serve.awaitErr("listening on http://127.0.0.1:" + port + "/", Duration.ofSeconds(60));
            serve.signal("TERM");
            assertEquals(ExitCodes.TERMINATED, serve.await(Duration.ofSeconds(60)).exitCode());
        } finally {
            serve.process().destroyForcibly();
        }
    }

    /** One line of an HTTP answer, without its CRLF. */
    private static String line(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int c = in.read(); c >= 0 && c != '\n'; c = in.read()) {
            if (c != '\r') {
                line.append((char) c);
            }
        }
        return line.toString();
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

    /** A multipart/form-data POST of one file, with the bearer token when given (ContainerIT uses it too). */
    static HttpRequest upload(URI base, String token, Path file) throws Exception {
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
