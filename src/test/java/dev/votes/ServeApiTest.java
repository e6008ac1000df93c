package dev.votes;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import java.util.zip.GZIPOutputStream;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.votes.serve.ServeSettings;
import dev.votes.warehouse.EngineSettings;
import dev.votes.warehouse.StorageVersion;
import dev.votes.warehouse.WarehouseFile;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ExtractableResponse;

/**
 * Every endpoint of {@code votes serve} and each error status, over real HTTP (rest-assured) against the application
 * with a real warehouse in a temporary directory. The test profile limits uploads to 2 MB.
 */
@QuarkusTest
class ServeApiTest {

    @Inject
    ServeSettings settings;

    @TempDir
    Path dir;

    Path db;

    @BeforeEach
    void serveAFreshWarehouse() {
        db = dir.resolve("warehouse.db");
        settings.configure(WarehouseFile.of(db).with(EngineSettings.of(EngineSettings.DEFAULT_MEMORY_LIMIT, null)), null);
    }

    @AfterEach
    void noToken() {
        settings.configure(null, null);
    }

    @Test
    void theExampleFileIngestsAndItsSixOutlierWeeksComeBackFromEveryReadEndpoint() {
        JsonPath run = given().multiPart("file", IngestCommandTest.example().toFile())
                .when().post("/api/ingest")
                .then().statusCode(200).extract().jsonPath();

        assertEquals("succeeded", run.getString("status"));
        assertEquals(16, run.getLong("rows_inserted"));
        assertEquals(0, run.getInt("exit_code"));
        assertEquals("example-votes.jsonl", run.getString("uploads[0].name"));
        long runId = run.getLong("run_id");

        List<Map<String, Object>> outliers = given().get("/api/outliers").then().statusCode(200)
                .extract().jsonPath().getList("$");
        assertEquals(6, outliers.size(), outliers::toString);
        assertEquals(Map.of("Year", 2022, "WeekNumber", 0, "VoteCount", 1), outliers.getFirst());

        List<Map<String, Object>> weeks = given().get("/api/weeks").then().statusCode(200)
                .extract().jsonPath().getList("$");
        assertEquals(16, weeks.stream().mapToInt(week -> (Integer) week.get("VoteCount")).sum());
        assertEquals(outliers.stream().map(ServeApiTest::week).toList(),
                weeks.stream().filter(week -> (Boolean) week.get("outlier")).map(ServeApiTest::week).toList(),
                "the chart's outlier flags are the view's outlier weeks");
        Map<String, Object> first = weeks.getFirst();
        assertEquals(16.0 / weeks.size(), ((Number) first.get("mean")).doubleValue(), 1e-6);
        assertEquals(0.8 * 16 / weeks.size(), ((Number) first.get("lower")).doubleValue(), 1e-6);
        assertEquals(1.2 * 16 / weeks.size(), ((Number) first.get("upper")).doubleValue(), 1e-6);

        given().get("/api/runs").then().statusCode(200)
                .body("$", hasSize(1))
                .body("[0].run_id", equalTo((int) runId))
                .body("[0].status", equalTo("succeeded"))
                .body("[0].files[0]", containsString("example-votes.jsonl"));
        given().get("/api/rejects?run=" + runId).then().statusCode(200).body("$", hasSize(0));
    }

    @Test
    void theChartOfAWarehouseMadeBeforeTheWeeklyCountsAddsThemOnItsFirstRead() throws Exception {
        given().multiPart("file", IngestCommandTest.example().toFile()).post("/api/ingest").then().statusCode(200);
        Warehouses.makeAsBeforeWeeklyCounts(db);

        given().get("/api/weeks").then().statusCode(200).body("$", hasSize(9)).body("VoteCount.sum()", equalTo(16));

        assertEquals(List.of(), Warehouses.weeklyCountsAgainstVotes(db));
        assertEquals(9, Warehouses.weeklyCounts(db).size());
        given().get("/api/outliers").then().statusCode(200).body("$", hasSize(6));
    }

    @Test
    void committedWithRejectsIs207AndTheRejectsAreListedForTheRun() throws IOException {
        Path file = dir.resolve("some-bad.jsonl");
        Files.writeString(file, IngestCommandTest.vote(1) + "\nnot json\n{\"Id\":\"abc\",\"PostId\":\"1\","
                + "\"VoteTypeId\":\"2\",\"CreationDate\":\"2022-01-02\"}\n");

        JsonPath run = given().multiPart("file", file.toFile()).post("/api/ingest")
                .then().statusCode(207).extract().jsonPath();

        assertEquals("succeeded_with_rejects", run.getString("status"));
        assertEquals(2, run.getLong("rows_rejected"));
        assertEquals(3, run.getInt("exit_code"));
        given().get("/api/rejects?run=" + run.getLong("run_id")).then().statusCode(200)
                .body("$", hasSize(2))
                .body("[0].line_number", equalTo(2))
                .body("[0].reason", equalTo("malformed JSON"))
                .body("[1].reason", startsWith("Id is not an integer"));
        given().get("/api/rejects").then().statusCode(200).body("$", hasSize(2));
        given().get("/api/rejects?limit=1").then().statusCode(200).body("$", hasSize(1));
    }

    @Test
    void severalFilesAreOneRunAndTheSameUploadAgainIsSkippedAsUnchanged() throws IOException {
        Path gz = dir.resolve("more.jsonl.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
            out.write((IngestCommandTest.vote(100) + "\n" + IngestCommandTest.vote(101) + "\n")
                    .getBytes(StandardCharsets.UTF_8));
        }

        JsonPath run = given().multiPart("file", IngestCommandTest.example().toFile())
                .multiPart("other", gz.toFile())
                .post("/api/ingest").then().statusCode(200).extract().jsonPath();
        JsonPath again = given().multiPart("file", gz.toFile()).post("/api/ingest")
                .then().statusCode(200).extract().jsonPath();

        assertEquals(18, run.getLong("rows_inserted"));
        assertEquals(2, run.getList("files").size());
        assertTrue(run.getString("uploads[1].stored_as").endsWith("/more.jsonl.gz"), run.prettify());
        assertEquals(0, again.getLong("rows_read"));
        assertEquals(1, again.getList("files_skipped").size(), again.prettify());
    }

    @Test
    void anUploadedFileNameIsDataAndNeverAPathOrSql() throws IOException {
        byte[] content = Files.readAllBytes(IngestCommandTest.example());

        JsonPath run = given().multiPart("file", "../../evil'; DROP TABLE blog_analysis.votes; --*?.jsonl", content)
                .post("/api/ingest").then().statusCode(200).extract().jsonPath();

        assertEquals("../../evil'; DROP TABLE blog_analysis.votes; --*?.jsonl", run.getString("uploads[0].name"));
        String storedAs = run.getString("uploads[0].stored_as");
        assertTrue(storedAs.startsWith("warehouse.db.uploads/"), storedAs);
        Path stored = dir.resolve(storedAs);
        assertEquals(dir.resolve("warehouse.db.uploads"), stored.getParent());
        assertTrue(stored.getFileName().toString().matches("[A-Za-z0-9._-]+"), stored.toString());
        assertFalse(Files.exists(stored), "uploads are deleted after the run");
        assertEquals(List.of(), listing(dir.getParent()).stream().filter(name -> name.startsWith("evil")).toList());
        given().get("/api/weeks").then().statusCode(200).body("VoteCount.sum()", equalTo(16));
    }

    @Test
    void badRequestsGet400And404() {
        given().multiPart("note", "no file here").post("/api/ingest").then().statusCode(400)
                .body("error", startsWith("no file in the request"));
        given().contentType("application/json").body("{}").post("/api/ingest").then().statusCode(415);
        given().get("/api/rejects?run=abc").then().statusCode(400).body("status", equalTo(400));
        given().get("/api/runs?limit=0").then().statusCode(400);
        given().multiPart("file", IngestCommandTest.example().toFile()).post("/api/ingest").then().statusCode(200);
        given().get("/api/rejects?run=999").then().statusCode(404)
                .body("error", startsWith("no ingestion run 999"));
    }

    @Test
    void anUploadOverTheLimitIs413AndNothingIsCommitted() {
        byte[] big = new byte[3 * 1024 * 1024];
        java.util.Arrays.fill(big, (byte) '\n');

        given().multiPart("file", "big.jsonl", big).post("/api/ingest").then().statusCode(413);

        given().get("/api/runs").then().statusCode(200).body("$", hasSize(0));
    }

    @Test
    void withATokenWritesNeedTheBearerTokenAndReadsDoNot() {
        settings.configure(settings.warehouse(), "s3cret");

        given().multiPart("file", IngestCommandTest.example().toFile()).post("/api/ingest")
                .then().statusCode(401).header("WWW-Authenticate", startsWith("Bearer"));
        given().header("Authorization", "Bearer wrong").multiPart("file", IngestCommandTest.example().toFile())
                .post("/api/ingest").then().statusCode(401);
        given().header("Authorization", "Bearer s3cret").multiPart("file", IngestCommandTest.example().toFile())
                .post("/api/ingest").then().statusCode(200);
        given().get("/api/runs").then().statusCode(200).body("$", hasSize(1));
    }

    @Test
    void aWarehouseLockedByAnotherProcessIs409AndTheAnswerNamesNeitherItsCommandLineNorAServerPath() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        // The holder's command line carries a secret, as a CLI started with --token would.
        Process holder = new ProcessBuilder(java, "--enable-native-access=ALL-UNNAMED", "-cp",
                System.getProperty("java.class.path") + File.pathSeparator, LockHolder.class.getName(), db.toString(),
                "--token", "holder-s3cret")
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8));
            assertEquals("locked", out.readLine());

            String write = given().multiPart("file", IngestCommandTest.example().toFile()).post("/api/ingest")
                    .then().statusCode(409).body("status", equalTo(409))
                    .body("error", containsString("another process holds its lock")).extract().asString();
            String read = given().get("/api/runs").then().statusCode(409).extract().asString();

            for (String body : List.of(write, read)) {
                assertFalse(body.contains("holder-s3cret"), body);
                assertFalse(body.contains(LockHolder.class.getSimpleName()), body);
                assertNoServerPath(body);
            }
        } finally {
            holder.getOutputStream().close();
            holder.waitFor();
        }
        given().multiPart("file", IngestCommandTest.example().toFile()).post("/api/ingest").then().statusCode(200);
    }

    @Test
    void answersNameFilesRelativeToTheWarehouseNeverByAnAbsoluteServerPath() throws IOException {
        Path bad = dir.resolve("some-bad.jsonl");
        Files.writeString(bad, IngestCommandTest.vote(1) + "\nnot json\n");
        Path corrupt = dir.resolve("corrupt.jsonl.gz");
        Files.write(corrupt, new byte[] {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 'n', 'o', 't', ' ', 'g', 'z', 'i', 'p'});

        String committed = given().multiPart("file", bad.toFile()).post("/api/ingest").then().statusCode(207)
                .body("files[0]", equalTo("warehouse.db.uploads/some-bad.jsonl"))
                .body("uploads[0].stored_as", equalTo("warehouse.db.uploads/some-bad.jsonl"))
                .extract().asString();
        String failed = given().multiPart("file", corrupt.toFile()).post("/api/ingest").then().statusCode(422)
                .body("error", containsString("corrupt.jsonl.gz")).extract().asString();
        String runs = given().get("/api/runs").then().statusCode(200)
                .body("[0].status", equalTo("failed"))
                .body("[0].files[0]", equalTo("warehouse.db.uploads/corrupt.jsonl.gz"))
                .body("[0].error", containsString("corrupt.jsonl.gz")).extract().asString();
        String rejects = given().get("/api/rejects").then().statusCode(200)
                .body("[0].source_file", equalTo("warehouse.db.uploads/some-bad.jsonl")).extract().asString();
        Path damaged = dir.resolve("damaged.db");
        Files.writeString(damaged, "not a DuckDB file, but a file of that name");
        settings.configure(WarehouseFile.of(damaged), null);
        String unreadable = given().get("/api/weeks").then().statusCode(500).body("status", equalTo(500))
                .body("error", containsString("damaged.db")).extract().asString();

        for (String body : List.of(committed, failed, runs, rejects, unreadable)) {
            assertNoServerPath(body);
        }
    }

    @Test
    void writesFromAnotherOriginAreRefused403AndCommitNothing() {
        int port = io.restassured.RestAssured.port;
        given().header("Origin", "http://evil.example").multiPart("file", IngestCommandTest.example().toFile())
                .post("/api/ingest").then().statusCode(403).body("status", equalTo(403))
                .body("error", containsString("another origin"));
        given().header("Origin", "null").multiPart("file", IngestCommandTest.example().toFile())
                .post("/api/ingest").then().statusCode(403);
        given().header("Origin", "http://localhost:" + (port + 1)).multiPart("file", IngestCommandTest.example().toFile())
                .post("/api/ingest").then().statusCode(403);
        given().header("Sec-Fetch-Site", "cross-site").multiPart("file", IngestCommandTest.example().toFile())
                .post("/api/ingest").then().statusCode(403);
        // DNS rebinding: a page of evil.example whose name now points at 127.0.0.1 is "same origin" to the browser.
        given().header("Host", "evil.example:" + port).header("Origin", "http://evil.example:" + port)
                .header("Sec-Fetch-Site", "same-origin").multiPart("file", IngestCommandTest.example().toFile())
                .post("/api/ingest").then().statusCode(403);
        given().get("/api/runs").then().statusCode(200).body("$", hasSize(0));
        // ... nor can it read, without a token; an address of this machine can, from any page.
        given().header("Host", "evil.example:" + port).header("Sec-Fetch-Site", "same-origin").get("/api/runs")
                .then().statusCode(403);
        given().header("Origin", "http://evil.example").get("/api/runs").then().statusCode(200);
        given().header("Origin", "http://localhost:" + port).header("Sec-Fetch-Site", "same-origin")
                .multiPart("file", IngestCommandTest.example().toFile()).post("/api/ingest").then().statusCode(200);
        given().get("/api/runs").then().statusCode(200).body("$", hasSize(1));
    }

    @Test
    void aMalformedMultipartBodyIs400WithTheJsonErrorShape() throws Exception {
        java.net.http.HttpClient http = java.net.http.HttpClient.newBuilder()
                .proxy(java.net.http.HttpClient.Builder.NO_PROXY).build();
        java.net.URI ingest = java.net.URI.create("http://localhost:" + io.restassured.RestAssured.port + "/api/ingest");
        String truncated = "--XX\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.jsonl\"\r\n\r\n"
                + IngestCommandTest.vote(1);

        for (String body : List.of(truncated, "not multipart at all")) {
            java.net.http.HttpResponse<String> answer = http.send(java.net.http.HttpRequest.newBuilder(ingest)
                            .header("Content-Type", "multipart/form-data; boundary=XX")
                            .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body)).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());

            assertEquals(400, answer.statusCode(), answer.body());
            assertTrue(answer.headers().firstValue("Content-Type").orElse("").startsWith("application/json"),
                    answer.headers().toString());
            JsonPath error = new JsonPath(answer.body());
            assertEquals(400, error.getInt("status"), answer.body());
            assertTrue(error.getString("error").contains("multipart"), answer.body());
        }
        given().get("/api/runs").then().statusCode(200).body("$", hasSize(0));
    }

    @Test
    void readsDuringARunningIngestNeitherFailNorSeeAPartOfIt() throws Exception {
        given().multiPart("file", IngestCommandTest.example().toFile()).post("/api/ingest").then().statusCode(200);
        Path big = dir.resolve("big.jsonl.gz");
        int rows = 300_000;
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(big))) {
            for (int id = 1_000; id < 1_000 + rows; id++) {
                out.write((IngestCommandTest.vote(id) + "\n").getBytes(StandardCharsets.UTF_8));
            }
        }
        assertTrue(Files.size(big) < 2 * 1024 * 1024, "fits the test profile's upload limit: " + Files.size(big));
        // The reads' first calls are slow on a busy machine (class loading, the JIT): made before the ingest starts,
        // so that the reads below run several times while it does.
        given().get("/api/weeks").then().statusCode(200).body("VoteCount.sum()", equalTo(16));
        given().get("/api/runs").then().statusCode(200).body("[0].status", equalTo("succeeded"));

        CompletableFuture<ExtractableResponse<io.restassured.response.Response>> ingest = CompletableFuture.supplyAsync(
                () -> given().multiPart("file", big.toFile()).post("/api/ingest").then().extract());
        List<Integer> seen = new ArrayList<>();
        List<String> statuses = new ArrayList<>();
        while (!ingest.isDone()) {
            seen.add(given().get("/api/weeks").then().statusCode(200).extract().jsonPath().getInt("VoteCount.sum()"));
            statuses.add(given().get("/api/runs").then().statusCode(200).extract().jsonPath().getString("[0].status"));
        }
        assertEquals(200, ingest.get().statusCode(), () -> ingest.join().body().asString());

        assertTrue(seen.stream().allMatch(total -> total == 16 || total == 16 + rows), seen.toString());
        assertTrue(seen.contains(16), "some reads ran during the ingest: " + seen);
        assertTrue(statuses.contains("running"), "the run was in progress during those reads: " + statuses);
        given().get("/api/weeks").then().statusCode(200).body("VoteCount.sum()", equalTo(16 + rows));
    }

    @Test
    void aCommittedUploadIsReportedCommittedEvenWhenItsCheckpointMustWaitForAnotherTransaction() throws Exception {
        given().multiPart("file", IngestCommandTest.example().toFile()).post("/api/ingest").then().statusCode(200);
        // Another connection of this process, with the server's settings (so DuckDB gives it the same database
        // instance), keeps a write transaction open: DuckDB then refuses a CHECKPOINT until it ends.
        Properties same = new Properties();
        same.setProperty("memory_limit", EngineSettings.DEFAULT_MEMORY_LIMIT);
        same.setProperty("temp_directory", db.resolveSibling("warehouse.db.tmp").toAbsolutePath().toString());
        same.setProperty("storage_compatibility_version", StorageVersion.DEFAULT.option());
        Path more = dir.resolve("more.jsonl");
        Files.writeString(more, IngestCommandTest.vote(900_000_001) + "\n");
        try (Connection other = DriverManager.getConnection("jdbc:duckdb:" + db, same);
             Statement statement = other.createStatement()) {
            other.setAutoCommit(false);
            statement.execute("CREATE TABLE blog_analysis.other_work (i INTEGER)");

            given().multiPart("file", more.toFile()).post("/api/ingest").then().statusCode(200);

            other.rollback();
        }
        assertEquals(17, Warehouses.count(db, "SELECT count(*) FROM blog_analysis.votes"), "the run is committed");
    }

    @Test
    void anEmptyWarehouseReadsAsEmptyAndThePageHealthAndOpenApiAreServed() {
        given().get("/api/weeks").then().statusCode(200).body("$", hasSize(0));
        given().get("/api/outliers").then().statusCode(200).body("$", hasSize(0));
        given().get("/api/runs").then().statusCode(200).body("$", hasSize(0));
        given().get("/api/rejects").then().statusCode(200).body("$", hasSize(0));
        assertFalse(Files.exists(db), "reading does not create the warehouse");

        given().get("/").then().statusCode(200).body(containsString("id=\"upload-form\""));
        given().get("/app.js").then().statusCode(200);
        given().get("/q/health").then().statusCode(200).body("status", equalTo("UP"));
        given().get("/q/openapi").then().statusCode(200)
                .body(containsString("/api/ingest"), containsString("/api/weeks"), containsString("\"207\""));
        given().get("/q/swagger-ui/").then().statusCode(200);
    }

    @Test
    void beforeServeIsConfiguredTheApiAnswers503() {
        settings.configure(null, null);

        given().get("/api/runs").then().statusCode(503);
    }

    private static String week(Map<String, Object> week) {
        return week.get("Year") + "-" + week.get("WeekNumber") + ":" + week.get("VoteCount");
    }

    /** No absolute path of this machine in an answer: not the test's directory, nor any other ("/x" after a quote). */
    private void assertNoServerPath(String body) {
        assertFalse(body.contains(dir.toString()), body);
        assertFalse(java.util.regex.Pattern.compile("(^|[\\s\"'(=:,\\[])/[A-Za-z]").matcher(body).find(), body);
    }

    private static List<String> listing(Path directory) throws IOException {
        try (var entries = Files.list(directory)) {
            return entries.map(path -> path.getFileName().toString()).collect(Collectors.toList());
        }
    }
}
