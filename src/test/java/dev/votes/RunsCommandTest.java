package dev.votes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.votes.cli.exit.ExitCodes;
import dev.votes.warehouse.SqlStatement;
import io.quarkus.test.junit.QuarkusTest;

/** {@code votes runs} in-process: the ledger as written by real ingest runs, in every format, and the error paths. */
@QuarkusTest
class RunsCommandTest extends InProcessCommandTest {

    private static final String HEADER =
            "run_id,status,started_at,seconds,files,rows_read,rows_inserted,duplicates_skipped,rows_rejected,error";
    private static final String STARTED_AT = "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ";

    @Test
    void theLedgerNewestFirstAsATable() throws Exception {
        ingest(IngestCommandTest.example());
        ingest(badFile());

        CliRunner.Result result = cli.run("runs", "--db", db.toString());

        assertEquals(ExitCodes.OK, result.exitCode(), result::toString);
        List<String> lines = result.out().lines().toList();
        assertEquals(List.of("run_id", "status", "started_at", "seconds", "files", "rows_read", "rows_inserted",
                "duplicates_skipped", "rows_rejected", "error"), List.of(lines.get(0).strip().split(" +")));
        assertEquals(List.of("2", "succeeded_with_rejects"), List.of(lines.get(2).strip().split(" +")).subList(0, 2));
        assertEquals(List.of("1", "succeeded"), List.of(lines.get(3).strip().split(" +")).subList(0, 2));
        List<String> newest = List.of(lines.get(2).strip().split(" +"));
        assertTrue(newest.get(2).matches(STARTED_AT) && newest.get(3).matches("\\d+\\.\\d+"), result::toString);
        assertEquals(List.of(badFile().toAbsolutePath().toString(), "3", "1", "0", "2"), newest.subList(4, 9));
        assertEquals("(2 rows)", lines.get(4));
        assertEquals("", result.err());
    }

    @Test
    void csvHasEveryColumnAndARunsFilesJoined() throws Exception {
        Path example = IngestCommandTest.example().toAbsolutePath();
        cli.run("ingest", "--db", db.toString(), example.toString(), badFile().toString());

        CliRunner.Result result = cli.run("runs", "--db", db.toString(), "--format", "csv");

        assertEquals(ExitCodes.OK, result.exitCode(), result::toString);
        List<String> lines = result.out().lines().toList();
        assertEquals(HEADER, lines.get(0));
        assertTrue(lines.get(1).matches("1,succeeded_with_rejects," + STARTED_AT + ",\\d+\\.\\d+,"
                + java.util.regex.Pattern.quote(example + " " + badFile().toAbsolutePath()) + ",19,17,0,2,"), result::toString);
        assertEquals(2, lines.size());
    }

    @Test
    void jsonKeepsTheFilesAsAListAndTheCountsAsNumbers() throws Exception {
        ingest(IngestCommandTest.example());
        assertEquals(ExitCodes.OK, cli.run("ingest", "--db", db.toString(), "--force",
                IngestCommandTest.example().toString()).exitCode());

        CliRunner.Result result = cli.run("runs", "--db", db.toString(), "--format", "json");

        assertEquals(ExitCodes.OK, result.exitCode(), result::toString);
        JsonNode runs = new ObjectMapper().readTree(result.out());
        assertEquals(2, runs.size());
        JsonNode newest = runs.get(0);
        assertEquals(2, newest.get("run_id").asLong());
        assertEquals("succeeded", newest.get("status").asText());
        assertTrue(newest.get("started_at").asText().matches(STARTED_AT), newest::toString);
        assertTrue(newest.get("seconds").isNumber() && newest.get("seconds").asDouble() >= 0, newest::toString);
        assertTrue(newest.get("files").isArray(), newest::toString);
        assertEquals(IngestCommandTest.example().toAbsolutePath().toString(), newest.get("files").get(0).asText());
        assertEquals(List.of(16L, 0L, 16L, 0L), List.of(newest.get("rows_read").asLong(),
                newest.get("rows_inserted").asLong(), newest.get("duplicates_skipped").asLong(),
                newest.get("rows_rejected").asLong()));
        assertTrue(newest.get("error").isNull());
        assertEquals(1, runs.get(1).get("run_id").asLong());
    }

    @Test
    void markdownIsATableWithTheSameColumns() throws Exception {
        ingest(IngestCommandTest.example());

        CliRunner.Result result = cli.run("runs", "--db", db.toString(), "--format", "markdown");

        assertEquals(ExitCodes.OK, result.exitCode(), result::toString);
        assertEquals("| " + HEADER.replace(",", " | ") + " |", result.out().lines().findFirst().orElseThrow());
        assertTrue(result.out().lines().skip(2).findFirst().orElseThrow().startsWith("| 1 | succeeded | "), result::toString);
    }

    @Test
    void aFailedRunAndARunThatDiedShowAsTheyAre() throws Exception {
        ingest(IngestCommandTest.example());
        // A fault inside the load transaction (as in IngestCommandTest): a stricter table refuses the new row.
        Warehouses.refuseIdsFrom(db, 1000);
        Path big = dir.resolve("big.jsonl");
        Files.writeString(big, IngestCommandTest.vote(5000) + "\n");
        assertEquals(ExitCodes.FAILURE, cli.run("ingest", "--db", db.toString(), big.toString()).exitCode());
        // A run whose process died: its row still says running, and nobody holds the file.
        Warehouses.execute(db, "INSERT INTO blog_analysis.ingestion_runs (run_id, started_at, status, files, tool_version) "
                + "VALUES (3, TIMESTAMP '2026-01-01 12:00:00', 'running', ['/in/votes.jsonl'], 'test')");

        CliRunner.Result result = cli.run("runs", "--db", db.toString(), "--format", "json");

        assertEquals(ExitCodes.OK, result.exitCode(), result::toString);
        JsonNode runs = new ObjectMapper().readTree(result.out());
        assertEquals("running", runs.get(0).get("status").asText());
        assertEquals("2026-01-01T12:00:00Z", runs.get(0).get("started_at").asText());
        assertTrue(runs.get(0).get("seconds").isNull() && runs.get(0).get("rows_read").isNull(), runs::toString);
        assertEquals("failed", runs.get(1).get("status").asText());
        assertTrue(runs.get(1).get("error").asText().contains("CHECK constraint"), runs::toString);
        assertTrue(runs.get(1).get("rows_inserted").isNull(), runs::toString);
        List<String> csv = cli.run("runs", "--db", db.toString(), "--format", "csv").out().lines().toList();
        assertTrue(csv.get(1).matches("3,running,2026-01-01T12:00:00Z,,/in/votes.jsonl,,,,,"), csv::toString);
    }

    @Test
    void limitShowsTheNewestRunsAndSaysSoOnStderr() throws Exception {
        for (int i = 0; i < 3; i++) {
            ingest(IngestCommandTest.example());
        }

        CliRunner.Result limited = cli.run("runs", "--db", db.toString(), "--format", "csv", "--limit", "2");
        CliRunner.Result all = cli.run("runs", "--db", db.toString(), "--format", "csv", "--limit", "2", "--all");

        assertEquals(ExitCodes.OK, limited.exitCode(), limited::toString);
        assertEquals(List.of("3", "2"), limited.out().lines().skip(1).map(line -> line.split(",")[0]).toList());
        assertEquals("showing the newest 2 of 3 runs (--limit N or --all for more)\n", limited.err());
        assertEquals(List.of("3", "2", "1"), all.out().lines().skip(1).map(line -> line.split(",")[0]).toList());
        assertEquals("", all.err());
    }

    @Test
    void aLedgerWithoutRunsIsJustTheHeader() throws Exception {
        Warehouses.execute(db, SqlStatement.of("catalog/create_schema").text(),
                SqlStatement.of("catalog/create_ingestion_runs_table").text());

        CliRunner.Result csv = cli.run("runs", "--db", db.toString(), "--format", "csv");
        CliRunner.Result json = cli.run("runs", "--db", db.toString(), "--format", "json");
        CliRunner.Result table = cli.run("runs", "--db", db.toString());

        assertEquals(ExitCodes.OK, csv.exitCode(), csv::toString);
        assertEquals(List.of(HEADER), csv.out().lines().toList());
        assertEquals(ExitCodes.OK, json.exitCode(), json::toString);
        assertEquals(0, new ObjectMapper().readTree(json.out()).size());
        assertTrue(new ObjectMapper().readTree(json.out()).isArray());
        assertEquals("(0 rows)", table.out().lines().toList().getLast());
    }

    @Test
    void aWarehouseWithoutTheLedgerIsOneLine() throws Exception {
        Warehouses.execute(db, "CREATE TABLE unrelated (x INTEGER)");

        CliRunner.Result result = cli.run("runs", "--db", db.toString());

        assertEquals(ExitCodes.FAILURE, result.exitCode(), result::toString);
        assertEquals(List.of("votes: warehouse " + db + " has no blog_analysis.ingestion_runs table: "
                + "run 'votes ingest FILE' first"), result.err().lines().toList());
        assertEquals("", result.out());
    }

    @Test
    void aMissingWarehouseIsOneLineAndIsNotCreated() {
        CliRunner.Result result = cli.run("runs", "--db", db.toString());

        assertEquals(ExitCodes.FAILURE, result.exitCode(), result::toString);
        assertEquals(1, result.err().lines().count(), result::toString);
        assertTrue(result.err().contains("run 'votes ingest FILE' first"), result::toString);
        assertTrue(Files.notExists(db));
    }

    @Test
    void aLimitBelowOneIsAUsageError() throws Exception {
        ingest(IngestCommandTest.example());

        CliRunner.Result result = cli.run("runs", "--db", db.toString(), "--limit", "0");

        assertEquals(ExitCodes.USAGE, result.exitCode(), result::toString);
        assertTrue(result.err().contains("'--limit': 0 (give a number >= 1, or --all)"), result::toString);
    }

    private void ingest(Path file) {
        int exitCode = cli.run("ingest", "--db", db.toString(), file.toString()).exitCode();
        assertTrue(exitCode == ExitCodes.OK || exitCode == ExitCodes.COMMITTED_WITH_REJECTS, "ingest exit " + exitCode);
    }

    /** Three lines: one good vote, two bad ones. */
    private Path badFile() throws Exception {
        Path file = dir.resolve("bad.jsonl");
        if (Files.notExists(file)) {
            Files.writeString(file, IngestCommandTest.vote(100) + "\nnot json\n[1]\n");
        }
        return file;
    }
}
