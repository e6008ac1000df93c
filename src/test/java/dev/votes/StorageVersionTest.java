package dev.votes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.votes.cli.exit.ExitCodes;
import dev.votes.warehouse.StorageVersion;
import io.quarkus.test.junit.QuarkusTest;

/**
 * {@code --storage-version}: a new warehouse is written in a storage version that DuckDB 1.x opens (v1.0.0 by default),
 * read back from DuckDB and from the file's header; an existing warehouse keeps its version whatever opens it later;
 * {@code check} reports the version and the oldest DuckDB release that opens it; bad values are usage errors.
 */
@QuarkusTest
class StorageVersionTest extends InProcessCommandTest {

    /** Each version's tag as DuckDB reports it, and the format number DuckDB 2.0 writes in the file's header. */
    private static final Map<StorageVersion, List<Object>> WRITTEN = Map.of(
            StorageVersion.V1_0_0, List.of("v1.0.0+", 64L),
            StorageVersion.V1_2_0, List.of("v1.2.0+", 65L),
            StorageVersion.V1_3_0, List.of("v1.3.0+", 66L),
            StorageVersion.V1_4_0, List.of("v1.4.0+", 67L),
            StorageVersion.V1_5_0, List.of("v1.5.0+", 68L),
            StorageVersion.V2_0_0, List.of("v2.0.0+", 999L),
            StorageVersion.LATEST, List.of("v2.0.0+", 999L));

    @Test
    void aNewWarehouseIsV1AndStaysV1ThroughReopeningsMoreRunsOutliersAndOtherWriters() throws Exception {
        CliRunner.Result created = cli.run("ingest", "-v", "--db", db.toString(), IngestCommandTest.example().toString());

        assertEquals(ExitCodes.OK, created.exitCode(), created::toString);
        assertTrue(created.err().contains("created warehouse " + db + " in storage version v1.0.0 (DuckDB 1.0.0 or "
                + "newer opens it)"), created::toString);
        assertEquals("v1.0.0+", Warehouses.storageVersion(db));
        assertEquals(64, Warehouses.formatNumber(db), "the format DuckDB 1.0 and 1.1 read");

        // Re-opened by the unchanged tool: more runs (new rows, rejects, a re-run), the view, and a bare JDBC writer.
        Path more = dir.resolve("more.jsonl");
        Files.writeString(more, IngestCommandTest.vote(1000) + "\n" + IngestCommandTest.vote(1001) + "\nnot json\n");
        assertEquals(ExitCodes.COMMITTED_WITH_REJECTS, cli.run("ingest", "--db", db.toString(), more.toString())
                .exitCode());
        assertEquals(ExitCodes.OK, cli.run("outliers", "--db", db.toString()).exitCode());
        Warehouses.execute(db, "CREATE TABLE blog_analysis.notes AS SELECT range AS n FROM range(100000)",
                "CHECKPOINT");
        CliRunner.Result again = cli.run("ingest", "-v", "--storage-version", "latest", "--db", db.toString(),
                RealDatasetTest.DATASET.toString());

        assertEquals(ExitCodes.OK, again.exitCode(), again::toString);
        assertTrue(again.err().contains("warehouse " + db + " keeps its storage version v1.0.0 (DuckDB 1.0.0 or newer "
                + "opens it): --storage-version latest applies only when a warehouse is created ('votes "
                + "convert-storage' converts this one)"), again::toString);
        assertEquals("v1.0.0+", Warehouses.storageVersion(db));
        assertEquals(64, Warehouses.formatNumber(db));
        CliRunner.Result check = cli.run("check", "--db", db.toString());
        assertEquals(ExitCodes.OK, check.exitCode(), check::toString);
        assertTrue(check.err().contains(" 0 failed"), check::toString);
    }

    @Test
    void eachVersionWritesItsFormatAndCheckReportsItWithTheOldestDuckDbThatOpensIt() throws Exception {
        for (StorageVersion version : StorageVersion.values()) {
            Path file = dir.resolve(version.option() + ".db");
            CliRunner.Result result = cli.run("ingest", "--storage-version", version.option(), "--db", file.toString(),
                    IngestCommandTest.example().toString());
            assertEquals(ExitCodes.OK, result.exitCode(), result::toString);

            assertEquals(WRITTEN.get(version).get(0), Warehouses.storageVersion(file), version.option());
            assertEquals(WRITTEN.get(version).get(1), Warehouses.formatNumber(file), version.option());
            CliRunner.Result check = cli.run("check", "--db", file.toString(), "--format", "json");
            assertEquals(ExitCodes.OK, check.exitCode(), check::toString);
            JsonNode report = new ObjectMapper().readTree(check.out());
            String tag = (String) WRITTEN.get(version).get(0);
            String oldest = tag.substring(1, tag.length() - 1);
            assertEquals(tag.substring(0, tag.length() - 1), report.get("storage_version").asText(), check::toString);
            assertEquals(oldest, report.get("oldest_duckdb").asText(), check::toString);
            JsonNode storageCheck = report.get("checks").get(report.get("checks").size() - 1);
            assertEquals("storage-version", storageCheck.get("check").asText());
            if (oldest.startsWith("1.")) {
                assertEquals("PASS", storageCheck.get("status").asText(), check::toString);
                assertEquals("storage version v" + oldest + " (DuckDB " + oldest + " or newer opens it)",
                        storageCheck.get("detail").asText());
            } else {
                assertEquals("WARN", storageCheck.get("status").asText(), check::toString);
                assertEquals("storage version v2.0.0 (only DuckDB 2.0.0 or newer opens it); DuckDB 1.x clients cannot "
                        + "open it (convert it with 'votes convert-storage')", storageCheck.get("detail").asText());
            }
        }
    }

    @Test
    void theTextReportOfCheckShowsTheVersion() throws Exception {
        cli.run("ingest", "--db", db.toString(), IngestCommandTest.example().toString());
        cli.run("outliers", "--db", db.toString());

        CliRunner.Result result = cli.run("check", "--db", db.toString());

        assertEquals(ExitCodes.OK, result.exitCode(), result::toString);
        assertTrue(result.out().lines().anyMatch(line -> line.strip().matches(
                "storage-version +PASS +storage version v1\\.0\\.0 \\(DuckDB 1\\.0\\.0 or newer opens it\\)")),
                result::toString);
    }

    @Test
    void versionsAreAcceptedWithOrWithoutTheVAndInAnyCase() throws Exception {
        for (String spelling : new String[] {"1.2.0", "V1.2.0", " v1.2.0 "}) {
            Path file = dir.resolve("w" + spelling.strip() + ".db");
            assertEquals(ExitCodes.OK, cli.run("ingest", "--storage-version", spelling, "--db", file.toString(),
                    IngestCommandTest.example().toString()).exitCode(), spelling);
            assertEquals("v1.2.0+", Warehouses.storageVersion(file), spelling);
        }
        Path latest = dir.resolve("latest.db");
        cli.run("ingest", "--storage-version", "LATEST", "--db", latest.toString(), IngestCommandTest.example().toString());
        assertEquals("v2.0.0+", Warehouses.storageVersion(latest));
    }

    @Test
    void aBadVersionIsAUsageErrorNamingTheOptionAndTheAcceptedValuesAndWritesNothing() {
        for (String bad : new String[] {"v1.1.0", "v0.10.0", "v9.9.9", "newest", "", "v1.0.0'; DROP TABLE x; --"}) {
            for (String command : new String[] {"ingest", "serve", "convert-storage"}) {
                CliRunner.Result result = command.equals("ingest")
                        ? cli.run(command, "--storage-version", bad, "--db", db.toString(),
                                IngestCommandTest.example().toString())
                        : cli.run(command, "--storage-version", bad, "--db", db.toString());

                assertEquals(ExitCodes.USAGE, result.exitCode(), result::toString);
                assertEquals(List.of("votes " + command + ": Invalid value for option '--storage-version': '" + bad
                        + "' (give v1.0.0, v1.2.0, v1.3.0, v1.4.0, v1.5.0, v2.0.0 or latest) (see 'votes " + command
                        + " --help')"), result.err().lines().toList(), result::toString);
                assertEquals("", result.out());
                assertFalse(Files.exists(db), "nothing was written: " + result);
            }
        }
    }

    @Test
    void aWarehouseThatCannotBeCreatedIsOneLineAndLeavesNothingBehind() throws Exception {
        Path readOnly = Files.createDirectory(dir.resolve("read-only"));
        assertTrue(readOnly.toFile().setWritable(false, false));
        try {
            Path target = readOnly.resolve("warehouse.db");
            CliRunner.Result result = cli.run("ingest", "--db", target.toString(),
                    IngestCommandTest.example().toString());

            if (Files.isWritable(readOnly)) {
                // root writes anyway: then the warehouse is simply created
                assertEquals(ExitCodes.OK, result.exitCode(), result::toString);
            } else {
                assertEquals(ExitCodes.FAILURE, result.exitCode(), result::toString);
                assertEquals(List.of("votes: cannot create warehouse " + target + ": directory " + readOnly
                        + " is not writable (check the directory, or pass another --db)"), result.err().lines().toList());
            }
        } finally {
            assertTrue(readOnly.toFile().setWritable(true, false));
        }
        try (var files = Files.list(readOnly)) {
            assertTrue(files.allMatch(file -> file.getFileName().toString().equals("warehouse.db")),
                    "no temporary file of the creation is left");
        }
    }
}
