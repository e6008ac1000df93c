package dev.votes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.votes.cli.exit.ExitCodes;
import io.quarkus.test.junit.QuarkusTest;
import picocli.CommandLine;

/** The bundled real dataset (40,299 Stack Exchange votes) end to end, checked against an independent computation. */
@QuarkusTest
class RealDatasetTest {

    static final Path DATASET = Path.of(System.getProperty("votes.dataset", "data/votes.jsonl.gz"));

    @Inject
    CommandLine.IFactory factory;

    @TempDir
    Path dir;

    @Test
    void ingestTwiceThenOutliersMatchesJavaTimeAndAnotherProcessCanReadTheFile() throws Exception {
        CliRunner cli = new CliRunner(factory);
        Path db = dir.resolve("warehouse.db");
        ObjectMapper json = new ObjectMapper();

        CliRunner.Result first = cli.run("ingest", "--db", db.toString(), "--format", "json", DATASET.toString());
        CliRunner.Result second = cli.run("ingest", "--db", db.toString(), "--format", "json", DATASET.toString());
        CliRunner.Result forced = cli.run("ingest", "--db", db.toString(), "--force", "--format", "json",
                DATASET.toString());
        CliRunner.Result outliers = cli.run("outliers", "--db", db.toString(), "--format", "csv");

        assertEquals(ExitCodes.OK, first.exitCode(), first::toString);
        assertEquals(40_299, json.readTree(first.out()).get("rows_inserted").asLong());
        assertEquals(40_299, IndependentOutliers.distinctIds(DATASET), "the file itself holds 40,299 distinct votes");
        assertEquals(ExitCodes.OK, second.exitCode(), second::toString);
        assertEquals(0, json.readTree(second.out()).get("rows_read").asLong(), "the unchanged file is skipped");
        assertEquals(DATASET.toAbsolutePath().normalize().toString(),
                json.readTree(second.out()).get("files_skipped").get(0).asText());
        assertEquals(ExitCodes.OK, forced.exitCode(), forced::toString);
        assertEquals(0, json.readTree(forced.out()).get("rows_inserted").asLong());
        assertEquals(40_299, json.readTree(forced.out()).get("duplicates_skipped").asLong());
        assertEquals(40_299, Warehouses.count(db, "SELECT count(DISTINCT Id) FROM blog_analysis.votes"));

        List<List<Long>> expected = IndependentOutliers.compute(DATASET);
        assertTrue(expected.size() > 10, "the real data has outlier weeks: " + expected.size());
        assertEquals(expected, Warehouses.query(db, "SELECT * FROM blog_analysis.outlier_weeks").stream()
                .map(row -> row.stream().map(value -> ((Number) value).longValue()).toList()).toList());
        assertEquals(expected, outliers.out().lines().skip(1)
                .map(line -> java.util.Arrays.stream(line.split(",")).map(Long::valueOf).toList()).toList());

        assertEquals("40299", readOnlyCountInAnotherProcess(db));
    }

    /** Starts a separate JVM that opens the warehouse read-only and prints the row count. */
    private static String readOnlyCountInAnotherProcess(Path db) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(java, "--enable-native-access=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path") + File.pathSeparator, ReadOnlyProbe.class.getName(),
                db.toString())
                .redirectErrorStream(true)
                .start();
        assertTrue(process.waitFor(60, TimeUnit.SECONDS));
        String output = new String(process.getInputStream().readAllBytes()).strip();
        assertEquals(0, process.exitValue(), output);
        return output;
    }
}
