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
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.votes.cli.exit.ExitCodes;

/**
 * The configuration file as a real process finds it: {@code votes.conf} in its working directory before the user's
 * file under {@code $XDG_CONFIG_HOME}, a relative path in it relative to its directory, a real environment variable
 * beating it, serve's listener taking its port and its uploads their date bound from it, and a fault in it one line
 * with exit 2.
 */
class ConfigFileIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void theWorkingDirectorysFileGivesTheWarehouseTheFormatAndServesPortAndTheEnvironmentBeatsIt() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        Path project = Files.createDirectories(dir.resolve("project"));
        Files.createDirectories(project.resolve("warehouses"));
        Files.writeString(project.resolve("votes.conf"), "# this project's settings\ndb = warehouses/votes.db\n"
                + "format = csv\nearliest-date = 2022-01-10\n\n[serve]\nport = " + port + "\n");
        Path user = Files.createDirectories(dir.resolve("xdg/votes"));
        Files.writeString(user.resolve("config"), "db = elsewhere.db\n");
        Path db = project.resolve("warehouses/votes.db");

        PackagedCli.Result ingest = run(project, Map.of(), "ingest", IngestCommandTest.example().toString());
        PackagedCli.Result runs = run(project, Map.of(), "runs");
        PackagedCli.Result runsJson = run(project, Map.of("VOTES_FORMAT", "json"), "runs");
        PackagedCli.Result config = run(project, Map.of(), "config", "--format", "json");
        Path served = project.resolve("served.db");
        PackagedCli.Running serve = PackagedCli.start(project, builder(Map.of(), "serve", "--db", served.toString()));
        serve.awaitErr("listening on http://127.0.0.1:" + port + "/ (warehouse " + served + ";", Duration.ofSeconds(60));
        HttpResponse<String> upload = HttpClient.newBuilder().proxy(HttpClient.Builder.NO_PROXY).build()
                .send(upload(URI.create("http://127.0.0.1:" + port + "/api/ingest"), IngestCommandTest.example()),
                        HttpResponse.BodyHandlers.ofString());
        serve.signal("TERM");
        PackagedCli.Result stopped = serve.await(Duration.ofSeconds(60));

        assertEquals(ExitCodes.COMMITTED_WITH_REJECTS, ingest.exitCode(), ingest::toString);
        assertTrue(ingest.err().contains("inserted 12") && ingest.err().contains("rejected 4"),
                "the file's earliest date: " + ingest);
        assertTrue(Files.isRegularFile(db), "the warehouse is where the file says, relative to the file");
        assertEquals(ExitCodes.OK, runs.exitCode(), runs::toString);
        assertTrue(runs.out().startsWith("run_id,"), "csv from the file: " + runs);
        assertEquals(1, JSON.readTree(runsJson.out()).size(), "json from the environment: " + runsJson);
        JsonNode file = JSON.readTree(config.out()).get(0);
        assertEquals(project.resolve("votes.conf").toString(), file.get("value").asText(), config::toString);
        assertEquals("working directory", file.get("source").asText());
        assertEquals(207, upload.statusCode(), upload.body());
        JsonNode uploaded = JSON.readTree(upload.body());
        assertEquals(12, uploaded.get("rows_inserted").asLong(), "serve's uploads keep the file's date bound too");
        assertEquals(4, uploaded.get("rows_rejected").asLong(), upload.body());
        assertTrue(List.of(0, 143).contains(stopped.exitCode()), stopped::toString);
    }

    @Test
    void theUsersFileIsReadWhereNoWorkingDirectoryFileIsAndAFaultInItIsOneLine() throws Exception {
        Path work = Files.createDirectories(dir.resolve("work"));
        Path user = Files.createDirectories(dir.resolve("xdg/votes"));
        Files.writeString(user.resolve("config"), "db = mine.db\nthreds = 2\n");

        PackagedCli.Result bad = run(work, Map.of(), "runs");
        Files.writeString(user.resolve("config"), "db = mine.db\n");
        PackagedCli.Result good = run(work, Map.of(), "runs");

        assertEquals(ExitCodes.USAGE, bad.exitCode(), bad::toString);
        assertEquals("", bad.out());
        assertEquals("votes: " + user.resolve("config") + ":2: key 'threds': unknown key (did you mean 'threads'?)\n",
                bad.err());
        assertEquals(ExitCodes.FAILURE, good.exitCode(), good::toString);
        assertTrue(good.err().startsWith("votes: no warehouse at " + user.resolve("mine.db") + ":"), good::toString);
    }

    /** A multipart/form-data POST of one file. */
    private static HttpRequest upload(URI url, Path file) throws Exception {
        String boundary = "votes-boundary-" + System.nanoTime();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\""
                + file.getFileName() + "\"\r\nContent-Type: application/octet-stream\r\n\r\n")
                .getBytes(StandardCharsets.UTF_8));
        body.write(Files.readAllBytes(file));
        body.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return HttpRequest.newBuilder(url).header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build();
    }

    private PackagedCli.Result run(Path workingDirectory, Map<String, String> env, String... args) throws Exception {
        return PackagedCli.start(workingDirectory, builder(env, args)).await(Duration.ofMinutes(2));
    }

    /** The CLI with this test's own XDG_CONFIG_HOME (before HOME), no VOTES_ variable but those given. */
    private ProcessBuilder builder(Map<String, String> env, String... args) {
        ProcessBuilder builder = new ProcessBuilder(PackagedCli.command(List.of(), args));
        builder.environment().keySet().removeIf(name -> name.startsWith("VOTES_") && !name.equals("VOTES_CACHE_DIR"));
        builder.environment().put("XDG_CONFIG_HOME", dir.resolve("xdg").toString());
        builder.environment().putAll(env);
        return builder;
    }
}
