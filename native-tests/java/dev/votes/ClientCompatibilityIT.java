package dev.votes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.votes.cli.exit.ExitCodes;

/**
 * Warehouses written by the packaged CLI, read by real DuckDB clients of other versions, as the exercise's consumers
 * read them: Python's {@code duckdb} package (a 1.x release) runs a reviewer's checks (the schema, the tables, the
 * 40,299 rows of the bundled dataset, the view's rows against what {@code votes outliers --format csv} prints), and the
 * oldest Node {@code @duckdb/node-api} (1.1.2) opens the file read-only and reads the view. A warehouse in DuckDB 2.0's
 * own format ({@code latest}) is refused by both, until {@code votes convert-storage} converts it.
 *
 * <p>The clients live in {@code ${VOTES_TEST_CLIENTS:-~/.cache/votes-test-clients}} ({@code bin/install-test-clients}
 * installs them; this test runs it when one is missing, and fails naming it when that cannot install them). The
 * clients' scripts are {@code native-tests/clients/check_warehouse.py} and {@code check_warehouse.cjs}.
 */
class ClientCompatibilityIT {

    static final String INSTALL = "bin/install-test-clients";
    static final Path CLIENTS = Path.of(System.getenv().getOrDefault("VOTES_TEST_CLIENTS",
            Path.of(System.getProperty("user.home"), ".cache", "votes-test-clients").toString()));
    static final Path PYTHON = CLIENTS.resolve("python/bin/python");
    static final Path NODE_MODULES = CLIENTS.resolve("node/node_modules");
    static final Path PYTHON_SCRIPT = Path.of("native-tests/clients/check_warehouse.py").toAbsolutePath();
    static final Path NODE_SCRIPT = Path.of("native-tests/clients/check_warehouse.cjs").toAbsolutePath();

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @BeforeAll
    static void clientsAreInstalled() throws Exception {
        if (!installed()) {
            Process script = new ProcessBuilder("bash", INSTALL).inheritIO().start();
            if (!script.waitFor(15, TimeUnit.MINUTES)) {
                script.destroyForcibly();
            }
        }
        if (!installed()) {
            fail("the DuckDB clients this test reads warehouses with are missing from " + CLIENTS + ": run " + INSTALL
                    + " (installs Python's duckdb into a venv and Node's @duckdb/node-api with npm; apt-get for "
                    + "python3-venv, nodejs and npm as root or through sudo), or set VOTES_TEST_CLIENTS");
        }
    }

    /** Both clients are there (the install script checks their versions too). */
    static boolean installed() {
        return Files.isExecutable(PYTHON) && Files.isRegularFile(NODE_MODULES.resolve("@duckdb/node-api/package.json"))
                && Files.isRegularFile(NODE_MODULES.resolve("@duckdb/node-bindings-linux-x64/duckdb.node"));
    }

    @Test
    void aWarehouseTheToolWritesOpensInPythonDuckDb1AndTheOldestNodeClientWithTheSameRowsAndWeeks() throws Exception {
        Path db = dir.resolve("warehouse.db");
        assertEquals(ExitCodes.OK, PackagedCli.run(dir, "ingest", "--db", db.toString(), PackagedCli.DATASET.toString())
                .exitCode());
        List<List<Long>> outlierWeeks = outliersAsPrinted(db);
        assertEquals(162, outlierWeeks.size(), "the bundled dataset's outlier weeks");

        JsonNode python = python(db);
        assertTrue(python.get("client").asText().startsWith("python duckdb 1."), python::toString);
        assertTrue(strings(python.get("schemas")).contains("blog_analysis"), python::toString);
        assertTrue(strings(python.get("tables")).containsAll(List.of("votes", "outlier_weeks")), python::toString);
        assertEquals(40_299, python.get("votes").asLong(), python::toString);
        assertEquals(outlierWeeks, rows(python.get("outlier_weeks")), "the view's rows, as votes outliers prints them");
        assertEquals("v1.0.0+", python.get("storage_version").asText());

        JsonNode node = node(db);
        assertTrue(node.get("client").asText().contains("(DuckDB v1.1."), node::toString);
        assertEquals(40_299, node.get("votes").asLong(), node::toString);
        assertEquals(outlierWeeks, rows(node.get("outlier_weeks")), node::toString);

        PackagedCli.Result check = PackagedCli.run(dir, "check", "--db", db.toString(), "--format", "json");
        assertEquals(ExitCodes.OK, check.exitCode(), check::toString);
        JsonNode report = JSON.readTree(check.out());
        assertEquals("v1.0.0", report.get("storage_version").asText(), check::toString);
        assertEquals("1.0.0", report.get("oldest_duckdb").asText(), check::toString);
    }

    @Test
    void aLatestWarehouseIsRefusedByDuckDb1ClientsUntilConvertStorageConvertsIt() throws Exception {
        Path db = dir.resolve("warehouse.db");
        ProcessBuilder latest = new ProcessBuilder(PackagedCli.command(List.of(), "ingest", "--db", db.toString(),
                PackagedCli.DATASET.toString()));
        latest.environment().put("VOTES_STORAGE_VERSION", "latest");
        assertEquals(ExitCodes.OK, PackagedCli.start(dir, latest).await(Duration.ofMinutes(3)).exitCode());
        List<List<Long>> outlierWeeks = outliersAsPrinted(db);

        JsonNode pythonBefore = python(db);
        JsonNode nodeBefore = node(db);
        assertTrue(pythonBefore.path("error").asText().contains("Trying to read a database file with version number"),
                "Python's duckdb 1.x refuses DuckDB 2.0's format: " + pythonBefore);
        assertTrue(nodeBefore.path("error").asText().contains("Trying to read a database file with version number"),
                "so does the oldest Node client: " + nodeBefore);
        PackagedCli.Result warned = PackagedCli.run(dir, "check", "--db", db.toString(), "--format", "csv");
        assertEquals(ExitCodes.OK, warned.exitCode(), warned::toString);
        assertTrue(warned.out().contains("storage-version,WARN,storage version v2.0.0 (only DuckDB 2.0.0 or newer "
                + "opens it); DuckDB 1.x clients cannot open it (convert it with 'votes convert-storage')"),
                warned::toString);

        PackagedCli.Result converted = PackagedCli.run(dir, "convert-storage", "--db", db.toString());
        assertEquals(ExitCodes.OK, converted.exitCode(), converted::toString);
        assertTrue(converted.err().startsWith("converted " + db + " from storage version v2.0.0 to storage version "
                + "v1.0.0 (DuckDB 1.0.0 or newer opens it)"), converted::toString);

        JsonNode python = python(db);
        assertEquals(40_299, python.get("votes").asLong(), python::toString);
        assertEquals(outlierWeeks, rows(python.get("outlier_weeks")), python::toString);
        assertEquals("v1.0.0+", python.get("storage_version").asText());
        JsonNode node = node(db);
        assertEquals(40_299, node.get("votes").asLong(), node::toString);
        assertEquals(outlierWeeks, rows(node.get("outlier_weeks")), node::toString);
        PackagedCli.Result check = PackagedCli.run(dir, "check", "--db", db.toString());
        assertEquals(ExitCodes.OK, check.exitCode(), check::toString);
        assertTrue(check.err().contains("0 failed, 0 warned"), check::toString);
    }

    /** {@code votes outliers --format csv} of the warehouse, as rows of numbers. */
    private List<List<Long>> outliersAsPrinted(Path db) throws Exception {
        PackagedCli.Result outliers = PackagedCli.run(dir, "outliers", "--db", db.toString(), "--format", "csv");
        assertEquals(ExitCodes.OK, outliers.exitCode(), outliers::toString);
        List<String> lines = outliers.out().lines().toList();
        assertEquals("Year,WeekNumber,VoteCount", lines.getFirst());
        List<List<Long>> rows = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            rows.add(List.of(line.split(",")).stream().map(Long::parseLong).toList());
        }
        return rows;
    }

    private JsonNode python(Path db) throws Exception {
        return client(new ProcessBuilder(PYTHON.toString(), PYTHON_SCRIPT.toString(), db.toString()));
    }

    private JsonNode node(Path db) throws Exception {
        ProcessBuilder builder = new ProcessBuilder("node", NODE_SCRIPT.toString(), db.toString());
        builder.environment().put("NODE_PATH", NODE_MODULES.toString());
        return client(builder);
    }

    /** Runs a client's script; its JSON answer (exit 0, or 3 with "error" when it cannot open the file). */
    private JsonNode client(ProcessBuilder builder) throws Exception {
        Path out = Files.createTempFile(dir, "client-", ".out");
        Path err = Files.createTempFile(dir, "client-", ".err");
        Process process = builder.directory(dir.toFile()).redirectOutput(out.toFile()).redirectError(err.toFile())
                .start();
        assertTrue(process.waitFor(2, TimeUnit.MINUTES), () -> "the client finished in time: " + builder.command());
        String answer = Files.readString(out, StandardCharsets.UTF_8);
        String problems = Files.readString(err, StandardCharsets.UTF_8);
        int code = process.exitValue();
        assertTrue(code == 0 || code == 3, () -> builder.command() + " exit " + code + "\n" + answer + problems);
        JsonNode json = JSON.readTree(answer);
        assertEquals(code == 3, json.has("error"), () -> code + ": " + answer + problems);
        return json;
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(value -> values.add(value.asText()));
        return values;
    }

    private static List<List<Long>> rows(JsonNode array) throws IOException {
        List<List<Long>> rows = new ArrayList<>();
        for (JsonNode row : array) {
            List<Long> values = new ArrayList<>();
            row.forEach(value -> values.add(value.asLong()));
            rows.add(values);
        }
        return rows;
    }
}
