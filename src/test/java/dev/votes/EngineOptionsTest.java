package dev.votes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import dev.votes.cli.exit.ExitCodes;
import io.quarkus.test.junit.QuarkusTest;

/** {@code --memory-limit} and {@code --threads}: they reach DuckDB, and bad values are usage errors. */
@QuarkusTest
class EngineOptionsTest extends InProcessCommandTest {

    @Test
    void theSettingsReachDuckDbAndItsSpillDirectoryIsBesideTheWarehouseAndGoneAfterTheRun() {
        CliRunner.Result result = cli.run("ingest", "-v", "--db", db.toString(), "--memory-limit", "256MB",
                "--threads", "1", IngestCommandTest.example().toString());

        assertEquals(ExitCodes.OK, result.exitCode(), result::toString);
        Path spill = db.resolveSibling("warehouse.db.tmp").toAbsolutePath();
        assertTrue(result.err().contains("duckdb memory_limit 244.1 MiB, threads 1, temp_directory " + spill),
                "read back from DuckDB (256 MB = 244.1 MiB): " + result);
        assertFalse(Files.exists(spill), "DuckDB removes its spill directory when the warehouse is closed");
    }

    @Test
    void theDefaultMemoryLimitIs768MbAndThreadsAreDuckDbsDefault() {
        CliRunner.Result result = cli.run("ingest", "-v", "--db", db.toString(), IngestCommandTest.example().toString());

        assertEquals(ExitCodes.OK, result.exitCode(), result::toString);
        assertTrue(result.err().contains("duckdb memory_limit 732.4 MiB, threads " + Runtime.getRuntime()
                .availableProcessors() + ","), "768 MB = 732.4 MiB, one thread per core: " + result);
    }

    @Test
    void outliersTakesTheSettingsToo() {
        cli.run("ingest", "--db", db.toString(), IngestCommandTest.example().toString());

        CliRunner.Result result = cli.run("outliers", "-v", "--db", db.toString(), "--memory-limit", "1GiB",
                "--threads", "2");

        assertEquals(ExitCodes.OK, result.exitCode(), result::toString);
        assertTrue(result.err().contains("duckdb memory_limit 1.0 GiB, threads 2,"), result::toString);
    }

    @Test
    void badValuesAreUsageErrorsNamingTheOptionAndWriteNothing() {
        String[][] cases = {
                {"--memory-limit", "lots"}, {"--memory-limit", "10MB"}, {"--memory-limit", "150%"},
                {"--memory-limit", "1GB; SELECT 1"}, {"--memory-limit", "-5GB"}, {"--threads", "0"},
                {"--threads", "100000"}, {"--threads", "two"}};
        for (String[] option : cases) {
            CliRunner.Result result = cli.run("ingest", "--db", db.toString(), option[0], option[1],
                    IngestCommandTest.example().toString());

            assertEquals(ExitCodes.USAGE, result.exitCode(), result::toString);
            assertEquals(1, result.err().lines().count(), result::toString);
            assertTrue(result.err().contains("'" + option[0] + "'"), result::toString);
            assertFalse(Files.exists(db), "nothing was written: " + result);
        }
    }

    @Test
    void sizesAreAcceptedInDecimalAndBinaryUnitsAndAsAPercentage() {
        for (String size : new String[] {"0.5GB", "512mib", "50%", "64 MB"}) {
            CliRunner.Result result = cli.run("ingest", "--db", db.toString(), "--memory-limit", size,
                    IngestCommandTest.example().toString());

            assertEquals(ExitCodes.OK, result.exitCode(), size + ": " + result);
        }
    }
}
