package dev.votes;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.votes.cli.exit.ExitCodes;
import dev.votes.fetch.DatasetBytes;
import dev.votes.fetch.RawHttpServer;
import dev.votes.fetch.TarWriter;

/**
 * Black-box tests of the packaged executable as a real process: the native binary when built with -Dnative, the JVM
 * runner jar otherwise (system property {@code votes.executable}, set by the POM).
 */
class PackagedCliIT {

    private static final Path EXECUTABLE = Path.of(System.getProperty("votes.executable",
            "target/quarkus-app/quarkus-run.jar"));
    private static final Path DATASET = Path.of(System.getProperty("votes.dataset", "data/votes.jsonl.gz"));

    @TempDir
    Path dir;

    @Test
    void helpListsTheCommandsAndExitCodes() throws Exception {
        Run help = run("--help");

        assertEquals(ExitCodes.OK, help.exitCode, help::toString);
        assertTrue(help.out.contains("ingest") && help.out.contains("outliers"), help::toString);
        assertTrue(help.out.contains("Exit codes:"), help::toString);
        assertEquals("", help.err, "nothing but help on the streams: " + help);
    }

    @Test
    void versionNamesTheBuildAndTheRuntimeAndHelpAndCompletionWork() throws Exception {
        Run version = run("--version");
        Run ingestVersion = run("ingest", "--version");
        Run help = run("help", "ingest");
        Run completion = run("completion");

        String runtime = PackagedCli.EXECUTABLE.toString().endsWith(".jar") ? "JVM" : "native";
        // Built from a git checkout (as here and in CI), the commit is known: the binary must carry it.
        String commit = Files.exists(Path.of(".git")) ? "[0-9a-f]{7,}(-dirty)?" : "([0-9a-f]{7,}(-dirty)?|unknown)";
        assertTrue(version.out.matches("votes \\S+ \\(commit " + commit + ", DuckDB v\\d+\\.\\d+\\.\\d+, "
                + runtime + "\\)\n"), version::toString);
        assertEquals(version.out, ingestVersion.out);
        assertEquals(ExitCodes.OK, help.exitCode, help::toString);
        assertTrue(help.out.contains("Usage: votes ingest"), help::toString);
        assertEquals(ExitCodes.OK, completion.exitCode, completion::toString);
        assertTrue(completion.out.contains("complete -F"), completion::toString);
    }

    @Test
    void theRealDatasetEndToEndTwiceThenOutliersAsIndependentlyComputed() throws Exception {
        String db = dir.resolve("warehouse.db").toString();
        ObjectMapper json = new ObjectMapper();

        Run first = run("ingest", "--db", db, "--format", "json", DATASET.toString());
        Run second = run("ingest", "--db", db, "--format", "json", "--force", DATASET.toString());
        Run third = run("ingest", "--db", db, "--format", "json", DATASET.toString());
        Run outliers = run("outliers", "--db", db, "--format", "csv");

        assertEquals(ExitCodes.OK, first.exitCode, first::toString);
        JsonNode firstSummary = json.readTree(first.out);
        assertEquals(40_299, firstSummary.get("rows_read").asLong());
        assertEquals(40_299, firstSummary.get("rows_inserted").asLong());
        assertEquals(1, first.err.lines().count(), "one summary line on stderr: " + first);
        assertEquals(ExitCodes.OK, second.exitCode, second::toString);
        assertEquals(0, json.readTree(second.out).get("rows_inserted").asLong());
        assertEquals(40_299, json.readTree(second.out).get("duplicates_skipped").asLong(), "--force reads it again");
        assertEquals(ExitCodes.OK, third.exitCode, third::toString);
        assertEquals(0, json.readTree(third.out).get("rows_read").asLong(), "unchanged, so skipped: " + third);
        assertEquals(1, json.readTree(third.out).get("files_skipped").size(), third::toString);
        assertEquals(ExitCodes.OK, outliers.exitCode, outliers::toString);
        List<List<Long>> printed = outliers.out.lines().skip(1)
                .map(line -> java.util.Arrays.stream(line.split(",")).map(Long::valueOf).toList()).toList();
        assertEquals(IndependentOutliers.compute(DATASET), printed);
        assertEquals(40_299, Warehouses.count(Path.of(db), "SELECT count(*) FROM blog_analysis.votes"),
                "the file is closed cleanly: this process opens it read-only right after");
    }

    @Test
    void exportWritesTheRealDatasetAsParquetThatReadsBackAsTheSameRows() throws Exception {
        Path db = dir.resolve("warehouse.db");
        Path export = dir.resolve("export");
        ObjectMapper json = new ObjectMapper();

        Run ingest = run("ingest", "--db", db.toString(), DATASET.toString());
        Run first = run("export", "--db", db.toString(), "--to", export.toString(), "--partition-by", "year,week",
                "--format", "json");
        Run again = run("export", "--db", db.toString(), "--to", export.toString(), "--format", "json");

        assertEquals(ExitCodes.OK, ingest.exitCode, ingest::toString);
        assertEquals(ExitCodes.OK, first.exitCode, first::toString);
        assertEquals("", first.err, "nothing on stderr without -v: " + first);
        JsonNode summary = json.readTree(first.out);
        assertEquals(40_299, summary.get("rows").asLong());
        assertEquals(239, summary.get("partitions").asLong());
        assertEquals(ExitCodes.OK, again.exitCode, again::toString);
        assertEquals(5, json.readTree(again.out).get("partitions").asLong(), "replaced by the yearly layout");
        String votes = ExportedFiles.votes(export);
        assertEquals(0, ExportedFiles.count(db, "SELECT count(*) FROM (SELECT * FROM blog_analysis.votes EXCEPT ALL "
                + "SELECT * EXCLUDE (Year) FROM read_parquet(?, hive_partitioning = true))", votes));
        assertEquals(40_299, ExportedFiles.count(db, "SELECT count(*) FROM read_parquet(?, hive_partitioning = true)",
                votes));
        assertEquals(IndependentOutliers.compute(DATASET), ExportedFiles.longs(ExportedFiles.query(null,
                "SELECT * FROM read_parquet(?)", export.resolve("outlier_weeks.parquet").toString())));
        assertEquals(List.of(), ExportedFiles.leftovers(dir), "no staging directory is left");
    }

    @Test
    void badRowsAreQuarantinedAndExitThree() throws Exception {
        String db = dir.resolve("warehouse.db").toString();
        Path file = dir.resolve("bad.jsonl");
        Files.writeString(file, IngestCommandTest.vote(1) + "\n{oops\n" + IngestCommandTest.vote(2) + "\n");

        Run result = run("ingest", "--db", db, file.toString());

        assertEquals(ExitCodes.COMMITTED_WITH_REJECTS, result.exitCode, result::toString);
        assertTrue(result.err.contains("read 3, inserted 2, duplicates 0, rejected 1"), result::toString);
        assertEquals(List.of(List.of(2L, "malformed JSON", "{oops")), Warehouses.query(Path.of(db),
                "SELECT line_number, reason, raw FROM blog_analysis.rejected_votes"));
    }

    @Test
    void missingInputUsageErrorsAndMissingWarehouseHaveOneLineAndTheirCodes() throws Exception {
        String db = dir.resolve("warehouse.db").toString();

        Run missingFile = run("ingest", "--db", db, dir.resolve("absent.jsonl").toString());
        Run unknownOption = run("ingest", "--frobnicate");
        Run noWarehouse = run("outliers", "--db", db);

        assertEquals(ExitCodes.FAILURE, missingFile.exitCode, missingFile::toString);
        assertEquals(1, missingFile.err.lines().count(), missingFile::toString);
        assertTrue(missingFile.err.contains("absent.jsonl: no such file"), missingFile::toString);
        assertEquals(ExitCodes.USAGE, unknownOption.exitCode, unknownOption::toString);
        assertEquals(1, unknownOption.err.lines().count(), unknownOption::toString);
        assertEquals(ExitCodes.FAILURE, noWarehouse.exitCode, noWarehouse::toString);
        assertEquals(1, noWarehouse.err.lines().count(), noWarehouse::toString);
        assertTrue(Files.notExists(Path.of(db)), "a failed command leaves no warehouse behind");
    }

    @Test
    void theDatabaseDefaultsToTheEnvironmentVariable() throws Exception {
        Path db = dir.resolve("from-env.db");

        Run result = runWithEnv(List.of("VOTES_DB=" + db), "ingest", IngestCommandTest.example().toString());

        assertEquals(ExitCodes.OK, result.exitCode, result::toString);
        assertEquals(16, Warehouses.count(db, "SELECT count(*) FROM blog_analysis.votes"));
    }

    @Test
    void duckDbsMemoryLimitAndThreadsComeFromTheEnvironment() throws Exception {
        Path db = dir.resolve("warehouse.db");

        Run result = runWithEnv(List.of("VOTES_MEMORY_LIMIT=100MB", "VOTES_THREADS=1"), "ingest", "-v", "--db",
                db.toString(), IngestCommandTest.example().toString());

        assertEquals(ExitCodes.OK, result.exitCode, result::toString);
        assertTrue(result.err.contains("duckdb memory_limit 95.3 MiB, threads 1,"), result::toString);
        assertTrue(Files.notExists(dir.resolve("warehouse.db.tmp")), "no spill directory is left behind");
    }

    @Test
    void fetchDataDownloadsFromTheUrlInTheEnvironmentOverARealSocket() throws Exception {
        byte[] votes = DatasetBytes.votes();
        try (RawHttpServer server = new RawHttpServer(RawHttpServer.serving(TarWriter.datasetArchive(votes)))) {
            Run result = runWithEnv(List.of("VOTES_DATA_URL=" + server.url("/votes.tar.gz")), "fetch-data");

            assertEquals(ExitCodes.OK, result.exitCode, result::toString);
            assertArrayEquals(votes, Files.readAllBytes(dir.resolve("uncommitted/votes.jsonl")),
                    "the default --out, relative to the working directory");
            assertEquals("", result.out, result::toString);
            assertEquals(1, result.err.lines().count(), result::toString);
            assertTrue(result.err.contains("sha256 " + DatasetBytes.sha256(votes)), result::toString);
            try (Stream<Path> files = Files.list(dir.resolve("uncommitted"))) {
                assertEquals(List.of("votes.jsonl"), files.map(p -> p.getFileName().toString()).toList());
            }
        }
    }

    @Test
    void fetchDataThatCannotDownloadRetriesThenExitsSixLeavingNothing() throws Exception {
        try (RawHttpServer server = new RawHttpServer(RawHttpServer.status(503))) {
            Run result = run("fetch-data", "--url", server.url("/votes.tar.gz").toString(), "--retries", "1",
                    "--backoff-ms", "10");

            assertEquals(ExitCodes.FETCH_FAILED, result.exitCode, result::toString);
            assertEquals(1, result.err.lines().count(), result::toString);
            assertTrue(result.err.contains("could not download " + server.url("/votes.tar.gz") + " in 2 attempts: HTTP 503"),
                    result::toString);
            assertEquals(2, server.requests().size());
            assertTrue(Files.notExists(dir.resolve("uncommitted")), "no output, no temporary file, no directory");
        }
    }

    private Run run(String... args) throws IOException, InterruptedException {
        return runWithEnv(List.of(), args);
    }

    private Run runWithEnv(List<String> environment, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        if (EXECUTABLE.toString().endsWith(".jar")) {
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.add("-jar");
        }
        command.add(EXECUTABLE.toAbsolutePath().toString());
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile());
        for (String variable : environment) {
            String[] pair = variable.split("=", 2);
            builder.environment().put(pair[0], pair[1]);
        }
        Path out = dir.resolve("stdout.txt");
        Path err = dir.resolve("stderr.txt");
        Process process = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertTrue(process.waitFor(120, TimeUnit.SECONDS), "finished in time: " + command);
        return new Run(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }

    private record Run(int exitCode, String out, String err) {

        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }
}
