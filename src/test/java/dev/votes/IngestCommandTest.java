package dev.votes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.votes.cli.exit.ExitCodes;
import io.quarkus.test.junit.QuarkusTest;

/** {@code votes ingest} in-process against real DuckDB files in a temp directory. */
@QuarkusTest
class IngestCommandTest extends InProcessCommandTest {

    private static final String VOTE = "{\"Id\":\"%d\",\"PostId\":\"1\",\"VoteTypeId\":\"2\",\"CreationDate\":\"2022-01-02T00:00:00.000\"}";

    @Test
    void anEmptyFileAtTheWarehousePathIsNamedAndLeftAsItIs() throws Exception {
        Files.createFile(db);

        CliRunner.Result result = cli.run("ingest", "--db", db.toString(), example().toString());

        assertEquals(ExitCodes.FAILURE, result.exitCode(), result::toString);
        assertEquals(1, result.err().lines().count(), result::toString);
        assertTrue(result.err().contains("(the file is empty: a process killed while creating it leaves one; it holds "
                + "no rows, delete it and run again)"), result::toString);
        assertEquals(0, Files.size(db), "the tool does not write over it");
    }

    @Test
    void loadsTheExampleWithTypedColumnsAndReportsOneSummaryLine() throws Exception {
        CliRunner.Result result = cli.run("ingest", "--db", db.toString(), example().toString());

        assertEquals(ExitCodes.OK, result.exitCode(), result::toString);
        assertEquals("", result.out(), "stdout stays empty without --format");
        assertEquals(1, result.err().lines().count(), result::toString);
        assertTrue(result.err().contains("read 16, inserted 16, duplicates 0, rejected 0"), result::toString);
        assertEquals(16, Warehouses.count(db, "SELECT count(*) FROM blog_analysis.votes"));
        assertEquals(List.of(List.of("BIGINT", "BIGINT", "INTEGER", "BIGINT", "INTEGER", "TIMESTAMP", "BIGINT")),
                List.of(Warehouses.query(db, "SELECT column_type FROM (DESCRIBE blog_analysis.votes)").stream()
                        .map(row -> row.getFirst()).toList()));
        assertEquals(List.of(List.of(6L, 5L, 3, "2022-01-16T00:00")),
                Warehouses.query(db, "SELECT Id, PostId, VoteTypeId, strftime(CreationDate, '%Y-%m-%dT%H:%M') "
                        + "FROM blog_analysis.votes WHERE Id = 6"));
        // Id is kept unique by the load, not by a primary key's in-memory index (catalog/create_votes_table.sql).
        assertEquals(0, Warehouses.count(db, "SELECT count(*) FROM duckdb_constraints() "
                + "WHERE table_name = 'votes' AND constraint_type = 'PRIMARY KEY'"));
        assertEquals(1, Warehouses.count(db, "SELECT count(*) FROM duckdb_constraints() "
                + "WHERE table_name = 'votes' AND constraint_type = 'NOT NULL' AND constraint_column_names = ['Id']"));
    }

    @Test
    void reRunningTheSameFileInsertsNothingAndTheLedgerReconciles() throws Exception {
        cli.run("ingest", "--db", db.toString(), example().toString());
        CliRunner.Result second = cli.run("ingest", "--db", db.toString(), "--force", "--format", "json",
                example().toString());

        assertEquals(ExitCodes.OK, second.exitCode(), second::toString);
        JsonNode summary = new ObjectMapper().readTree(second.out());
        assertEquals(2, summary.get("run_id").asLong());
        assertEquals(16, summary.get("rows_read").asLong());
        assertEquals(0, summary.get("rows_inserted").asLong());
        assertEquals(16, summary.get("duplicates_skipped").asLong());
        assertEquals(0, summary.get("rows_rejected").asLong());
        assertEquals(example().toAbsolutePath().normalize().toString(), summary.get("files").get(0).asText());
        assertEquals(0, summary.get("files_skipped").size(), "--force reads the unchanged file");
        assertEquals(16, Warehouses.count(db, "SELECT count(*) FROM blog_analysis.votes"));
        assertEquals(List.of(List.of(1L, "succeeded", 16L, 16L, 0L, 0L), List.of(2L, "succeeded", 16L, 0L, 16L, 0L)),
                Warehouses.query(db, "SELECT run_id, status, rows_read, rows_inserted, duplicates_skipped, rows_rejected "
                        + "FROM blog_analysis.ingestion_runs ORDER BY run_id"));
        assertEquals(0, Warehouses.count(db, "SELECT count(*) FROM blog_analysis.ingestion_runs "
                + "WHERE rows_read <> rows_inserted + duplicates_skipped + rows_rejected OR finished_at IS NULL"));
    }

    @Test
    void eachKindOfBadLineIsQuarantinedWithItsLineNumberAndReasonWhileGoodLinesLoad() throws Exception {
        Path file = dir.resolve("mixed.jsonl");
        Files.write(file, String.join("\n",
                vote(1),                                                                             // 1
                "",                                                                                  // 2 blank: skipped
                "this is not json",                                                                  // 3
                "[1,2,3]",                                                                           // 4
                "{\"PostId\":\"1\",\"VoteTypeId\":\"2\",\"CreationDate\":\"2022-01-02\"}",           // 5
                "{\"Id\":\"abc\",\"PostId\":\"1\",\"VoteTypeId\":\"2\",\"CreationDate\":\"2022-01-02\"}", // 6
                "{\"Id\":\"99999999999999999999\",\"PostId\":\"1\",\"VoteTypeId\":\"2\",\"CreationDate\":\"2022-01-02\"}", // 7
                "{\"Id\":\"8\",\"PostId\":\"x\",\"VoteTypeId\":\"2\",\"CreationDate\":\"2022-01-02\"}",   // 8
                "{\"Id\":\"9\",\"PostId\":\"1\",\"VoteTypeId\":\"7.5\",\"CreationDate\":\"2022-01-02\"}", // 9
                "{\"Id\":\"10\",\"PostId\":\"1\",\"VoteTypeId\":\"2\"}",                             // 10
                "{\"Id\":\"11\",\"PostId\":\"1\",\"VoteTypeId\":\"2\",\"CreationDate\":\"2022-02-30T00:00:00\"}", // 11
                "{\"Id\":\"12\",\"PostId\":\"1\",\"VoteTypeId\":\"2\",\"CreationDate\":\"2022-01-02\",\"UserId\":\"bob\"}", // 12
                "{\"Id\":\"13\",\"PostId\":\"1\",\"VoteTypeId\":\"99999999999\",\"CreationDate\":\"2022-01-02\"}", // 13
                "{\"Id\":14,\"PostId\":1,\"VoteTypeId\":2,\"CreationDate\":\"2022-01-02T01:00:00+02:00\",\"UserId\":null}", // 14
                vote(15)).getBytes(StandardCharsets.UTF_8));                                         // 15, no final newline

        CliRunner.Result result = cli.run("ingest", "--db", db.toString(), file.toString());

        assertEquals(ExitCodes.COMMITTED_WITH_REJECTS, result.exitCode(), result::toString);
        assertTrue(result.err().contains("read 14, inserted 3, duplicates 0, rejected 11"), result::toString);
        assertEquals(List.of(List.of(1L), List.of(14L), List.of(15L)),
                Warehouses.query(db, "SELECT Id FROM blog_analysis.votes ORDER BY Id"));
        assertEquals(List.of(List.of("2022-01-01 23:00:00")),
                Warehouses.query(db, "SELECT CreationDate::VARCHAR FROM blog_analysis.votes WHERE Id = 14"),
                "an offset is converted to UTC, not dropped");
        List<List<Object>> rejects = Warehouses.query(db,
                "SELECT line_number, reason, raw, source_file FROM blog_analysis.rejected_votes ORDER BY line_number");
        assertEquals(List.of(3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L, 11L, 12L, 13L),
                rejects.stream().map(row -> row.get(0)).toList());
        assertEquals(List.of(
                        "malformed JSON",
                        "not a JSON object (found array)",
                        "missing Id",
                        "Id is not an integer: abc",
                        "Id is out of range 1..9223372036854775807: 99999999999999999999",
                        "PostId is not an integer: x",
                        "VoteTypeId is not an integer: 7.5",
                        "missing CreationDate",
                        "CreationDate is not a valid timestamp: 2022-02-30T00:00:00",
                        "UserId is not an integer: bob",
                        "VoteTypeId is out of range 0..2147483647: 99999999999"),
                rejects.stream().map(row -> row.get(1)).toList());
        assertEquals("this is not json", rejects.getFirst().get(2), "raw is the line as read");
        assertTrue(rejects.stream().allMatch(row -> row.get(3).equals(file.toAbsolutePath().toString())));
        assertEquals(List.of(List.of(1L, "succeeded_with_rejects", 14L, 3L, 0L, 11L)),
                Warehouses.query(db, "SELECT run_id, status, rows_read, rows_inserted, duplicates_skipped, rows_rejected "
                        + "FROM blog_analysis.ingestion_runs"));
    }

    @Test
    void lineNumbersStayRightAfterUnreadableLinesAndCrlfLineBreaks() throws Exception {
        Path file = dir.resolve("bytes.jsonl");
        byte[] invalidUtf8 = {(byte) 0xC3, (byte) 0x28, '\n'};
        try (var out = Files.newOutputStream(file)) {
            out.write((vote(1) + "\r\n").getBytes(StandardCharsets.UTF_8));     // 1
            out.write(invalidUtf8);                                                // 2
            out.write((vote(3) + "\r\n").getBytes(StandardCharsets.UTF_8));     // 3
            out.write("{broken\r\n".getBytes(StandardCharsets.UTF_8));           // 4
            out.write(invalidUtf8);                                                // 5
            out.write("\n".getBytes(StandardCharsets.UTF_8));                    // 6 blank
            out.write("[]\n".getBytes(StandardCharsets.UTF_8));                  // 7
            out.write((vote(8) + "\n").getBytes(StandardCharsets.UTF_8));       // 8
        }

        CliRunner.Result result = cli.run("ingest", "--db", db.toString(), file.toString());

        assertEquals(ExitCodes.COMMITTED_WITH_REJECTS, result.exitCode(), result::toString);
        assertEquals(List.of(List.of(2L, "invalid UTF-8"), List.of(4L, "malformed JSON"), List.of(5L, "invalid UTF-8"),
                        List.of(7L, "not a JSON object (found array)")),
                Warehouses.query(db, "SELECT line_number, reason FROM blog_analysis.rejected_votes ORDER BY line_number"));
        assertEquals(List.of(List.of(1L), List.of(3L), List.of(8L)),
                Warehouses.query(db, "SELECT Id FROM blog_analysis.votes ORDER BY Id"));
    }

    @Test
    void unreadableLinesOfOneFileAreNotChargedToTheCleanFileAfterIt() throws Exception {
        Path broken = dir.resolve("broken.jsonl");
        Path clean = dir.resolve("clean.jsonl");
        try (var out = Files.newOutputStream(broken)) {
            out.write((vote(1) + "\n").getBytes(StandardCharsets.UTF_8));
            out.write(new byte[] {(byte) 0xFF, '\n'});
        }
        Files.writeString(clean, vote(2) + "\n" + vote(3) + "\n");

        CliRunner.Result result = cli.run("ingest", "--db", db.toString(), broken.toString(), clean.toString());

        assertEquals(ExitCodes.COMMITTED_WITH_REJECTS, result.exitCode(), result::toString);
        assertTrue(result.err().contains("read 4, inserted 3, duplicates 0, rejected 1"), result::toString);
        assertEquals(List.of(List.of(broken.toAbsolutePath().toString(), 2L, "invalid UTF-8")), Warehouses.query(db,
                "SELECT source_file, line_number, reason FROM blog_analysis.rejected_votes"));
    }

    @Test
    void aLineOverTheSizeLimitIsQuarantinedAndTheLinesAfterItLoad() throws Exception {
        Path file = dir.resolve("long.jsonl");
        String padding = "x".repeat(17 * 1024 * 1024);
        Files.writeString(file, vote(1) + "\n{\"Id\":\"2\",\"pad\":\"" + padding + "\"}\n" + vote(3) + "\n");

        CliRunner.Result result = cli.run("ingest", "--db", db.toString(), file.toString());

        assertEquals(ExitCodes.COMMITTED_WITH_REJECTS, result.exitCode(), result::toString);
        assertEquals(List.of(List.of(2L, "line longer than 16 MiB")),
                Warehouses.query(db, "SELECT line_number, reason FROM blog_analysis.rejected_votes"));
        assertEquals(List.of(List.of(1L), List.of(3L)),
                Warehouses.query(db, "SELECT Id FROM blog_analysis.votes ORDER BY Id"));
    }

    @Test
    void aRepeatedIdInsideOneRunKeepsTheFirstOccurrenceAndCountsTheRestAsDuplicates() throws Exception {
        Path first = dir.resolve("first.jsonl");
        Path second = dir.resolve("second.jsonl");
        Files.writeString(first, vote(1) + "\n" + vote(1).replace("\"PostId\":\"1\"", "\"PostId\":\"2\"") + "\n");
        Files.writeString(second, vote(1).replace("\"PostId\":\"1\"", "\"PostId\":\"3\"") + "\n" + vote(2) + "\n");

        CliRunner.Result result = cli.run("ingest", "--db", db.toString(), first.toString(), second.toString());

        assertEquals(ExitCodes.OK, result.exitCode(), result::toString);
        assertTrue(result.err().contains("2 files, read 4, inserted 2, duplicates 2, rejected 0"), result::toString);
        assertEquals(List.of(List.of(1L, 1L), List.of(2L, 1L)),
                Warehouses.query(db, "SELECT Id, PostId FROM blog_analysis.votes ORDER BY Id"));
    }

    @Test
    void gzipInputLoadsLikeThePlainFile() throws Exception {
        Path gz = dir.resolve("example.jsonl.gz");
        try (var out = new java.util.zip.GZIPOutputStream(Files.newOutputStream(gz))) {
            out.write(Files.readAllBytes(example()));
        }

        CliRunner.Result result = cli.run("ingest", "--db", db.toString(), gz.toString());

        assertEquals(ExitCodes.OK, result.exitCode(), result::toString);
        assertEquals(16, Warehouses.count(db, "SELECT count(*) FROM blog_analysis.votes"));
    }

    @Test
    void aMissingInputIsOneLineAndWritesNothing() {
        CliRunner.Result result = cli.run("ingest", "--db", db.toString(), example().toString(),
                dir.resolve("nope.jsonl").toString());

        assertEquals(ExitCodes.FAILURE, result.exitCode(), result::toString);
        assertEquals(1, result.err().lines().count(), result::toString);
        assertTrue(result.err().contains("nope.jsonl: no such file"), result::toString);
        assertFalse(Files.exists(db), "no warehouse file is created when the input is missing");
    }

    @Test
    void theDefaultInputIsNamedWhenItIsMissing() {
        CliRunner.Result result = cli.run("ingest", "--db", db.toString());

        assertEquals(ExitCodes.FAILURE, result.exitCode(), result::toString);
        assertTrue(result.err().contains("uncommitted/votes.jsonl: no such file"), result::toString);
    }

    @Test
    void aMissingDatabaseDirectoryIsOneLine() {
        CliRunner.Result result = cli.run("ingest", "--db", dir.resolve("no/such/dir/w.db").toString(),
                example().toString());

        assertEquals(ExitCodes.FAILURE, result.exitCode(), result::toString);
        assertEquals(1, result.err().lines().count(), result::toString);
        assertTrue(result.err().contains("does not exist"), result::toString);
    }

    @Test
    void aFileThatIsNotAWarehouseIsOneLine() throws IOException {
        Files.writeString(db, "this is not a DuckDB file, it is text");

        CliRunner.Result result = cli.run("ingest", "--db", db.toString(), example().toString());

        assertEquals(ExitCodes.FAILURE, result.exitCode(), result::toString);
        assertEquals(1, result.err().lines().count(), result::toString);
        assertTrue(result.err().startsWith("votes: cannot open warehouse"), result::toString);
    }

    @Test
    void aRunThatFailsMidLoadCommitsNoneOfItsRowsAndIsMarkedFailed() throws Exception {
        cli.run("ingest", "--db", db.toString(), example().toString());
        // A fault inside the load transaction: a stricter table that refuses one of the new rows at insert time.
        Warehouses.refuseIdsFrom(db, 1000);
        Path file = dir.resolve("new.jsonl");
        Files.writeString(file, vote(500) + "\n" + vote(1500) + "\nnot json\n");

        CliRunner.Result result = cli.run("ingest", "--db", db.toString(), file.toString());

        assertEquals(ExitCodes.FAILURE, result.exitCode(), result::toString);
        assertEquals(1, result.err().lines().count(), result::toString);
        assertTrue(result.err().contains("nothing was committed"), result::toString);
        assertEquals(16, Warehouses.count(db, "SELECT count(*) FROM blog_analysis.votes"));
        assertEquals(0, Warehouses.count(db, "SELECT count(*) FROM blog_analysis.rejected_votes"));
        assertEquals(List.of(List.of("failed", true)), Warehouses.query(db,
                "SELECT status, error IS NOT NULL FROM blog_analysis.ingestion_runs WHERE run_id = 2"));
        assertEquals(List.of(List.of(1L)), Warehouses.query(db, "SELECT run_id FROM blog_analysis.ingested_files"),
                "the failed run's file is not in the file ledger");
    }

    @Test
    void aPathWithQuotesAndSpacesIsDataNotSql() throws Exception {
        Path file = dir.resolve("it's a \"quoted\"; DROP TABLE x; --.jsonl");
        Files.copy(example(), file);

        CliRunner.Result result = cli.run("ingest", "--db", db.toString(), file.toString());

        assertEquals(ExitCodes.OK, result.exitCode(), result::toString);
        assertEquals(16, Warehouses.count(db, "SELECT count(*) FROM blog_analysis.votes"));
        assertEquals(List.of(List.of(file.toAbsolutePath().toString())),
                Warehouses.query(db, "SELECT files[1] FROM blog_analysis.ingestion_runs"));
    }

    @Test
    void theLedgerTimesTheWholeRunNotJustItsStart() throws Exception {
        Path file = dir.resolve("many.jsonl");
        Warehouses.execute(dir.resolve("scratch.db"), "COPY (SELECT CAST(i AS VARCHAR) AS Id, '1' AS PostId, "
                + "'2' AS VoteTypeId, '2022-01-02T00:00:00' AS CreationDate FROM range(1, 300001) t(i)) TO '"
                + file.toString().replace("'", "''") + "' (FORMAT json)");

        CliRunner.Result result = cli.run("ingest", "--db", db.toString(), "--format", "json", file.toString());

        assertEquals(ExitCodes.OK, result.exitCode(), result::toString);
        double runSeconds = new ObjectMapper().readTree(result.out()).get("seconds").asDouble();
        double ledgerSeconds = ((Number) Warehouses.query(db, "SELECT epoch(finished_at) - epoch(started_at) "
                + "FROM blog_analysis.ingestion_runs").getFirst().getFirst()).doubleValue();
        assertTrue(ledgerSeconds >= 0.5 * runSeconds && ledgerSeconds <= runSeconds + 0.5,
                "ledger " + ledgerSeconds + " s vs run " + runSeconds + " s");
    }

    @Test
    void anUnknownOptionIsAUsageError() {
        CliRunner.Result result = cli.run("ingest", "--bogus");

        assertEquals(ExitCodes.USAGE, result.exitCode(), result::toString);
        assertEquals(1, result.err().lines().count(), result::toString);
        assertTrue(result.err().contains("Unknown option: '--bogus'"), result::toString);
        assertTrue(result.err().contains("votes ingest --help"), result::toString);
    }

    @Test
    void theSummaryCanBePrintedAsCsv() {
        CliRunner.Result result = cli.run("ingest", "--db", db.toString(), "--format", "csv", example().toString());

        assertEquals(ExitCodes.OK, result.exitCode(), result::toString);
        List<String> lines = result.out().lines().toList();
        assertEquals("run_id,status,files,rows_read,rows_inserted,duplicates_skipped,rows_rejected,seconds,rows_per_second,"
                        + "files_skipped,unknown_fields",
                lines.get(0));
        assertTrue(lines.get(1).startsWith("1,succeeded," + example().toAbsolutePath() + ",16,16,0,0,"), result::toString);
    }

    @Test
    void verboseAddsProgressLinesOnStderrOnly() {
        CliRunner.Result result = cli.run("ingest", "-v", "--db", db.toString(), example().toString());

        assertEquals(ExitCodes.OK, result.exitCode(), result::toString);
        assertEquals("", result.out());
        assertTrue(result.err().contains("staged " + example().toAbsolutePath()), result::toString);
        assertTrue(result.err().lines().count() > 1, result::toString);
    }

    static String vote(long id) {
        return VOTE.formatted(id);
    }

    static Path example() {
        try {
            return Path.of(Objects.requireNonNull(IngestCommandTest.class.getResource("/example-votes.jsonl")).toURI());
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
