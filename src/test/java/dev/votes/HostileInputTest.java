package dev.votes;

import static dev.votes.IngestCommandTest.example;
import static dev.votes.IngestCommandTest.vote;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPOutputStream;

import io.airlift.compress.zstd.ZstdOutputStream;

import org.junit.jupiter.api.Test;

import dev.votes.cli.exit.ExitCodes;
import io.quarkus.test.junit.QuarkusTest;

/** Odd and hostile input, each with a clear reason in the quarantine or a clear error, and nothing half-written. */
@QuarkusTest
class HostileInputTest extends InProcessCommandTest {

    @Test
    void aLoneCarriageReturnInsideAValidLineLoadsOnBothPathsAndShiftsNoLineNumber() throws Exception {
        String withCarriageReturn = vote(2).replace(",\"PostId\"", ",\r\"PostId\"");
        Path clean = dir.resolve("clean.jsonl");
        Files.writeString(clean, vote(1) + "\n" + withCarriageReturn + "\n" + vote(3) + "\n");
        // The same with a bad line: the file is read a second time, line by line, to number and quarantine it.
        Path withBadLine = dir.resolve("with-bad-line.jsonl");
        Files.writeString(withBadLine, linesWithCarriageReturns(10));
        Path gzipped = dir.resolve("with-bad-line-gzip.jsonl.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gzipped))) {
            out.write(linesWithCarriageReturns(20).getBytes(StandardCharsets.UTF_8));
        }
        Path zstd = dir.resolve("with-bad-line-zstd.jsonl.zst");
        try (OutputStream out = new ZstdOutputStream(Files.newOutputStream(zstd))) {
            out.write(linesWithCarriageReturns(30).getBytes(StandardCharsets.UTF_8));
        }

        CliRunner.Result cleanRun = cli.run("ingest", "--db", db.toString(), clean.toString());
        CliRunner.Result badRun = cli.run("ingest", "--db", db.toString(), withBadLine.toString());
        CliRunner.Result gzipRun = cli.run("ingest", "--db", db.toString(), gzipped.toString());
        CliRunner.Result zstdRun = cli.run("ingest", "--db", db.toString(), zstd.toString());

        assertEquals(ExitCodes.OK, cleanRun.exitCode(), cleanRun::toString);
        // The line reader splits at line feeds alone, as the JSON reader does: the carriage return stays inside line
        // 2 (JSON white space), a CRLF ends a line, a CR at the start of line 4 is white space; only line 3 is bad.
        assertEquals(ExitCodes.COMMITTED_WITH_REJECTS, badRun.exitCode(), badRun::toString);
        assertTrue(badRun.err().contains("read 5, inserted 4, duplicates 0, rejected 1"), badRun::toString);
        assertEquals(ExitCodes.COMMITTED_WITH_REJECTS, gzipRun.exitCode(), gzipRun::toString);
        assertTrue(gzipRun.err().contains("read 5, inserted 4, duplicates 0, rejected 1"), gzipRun::toString);
        assertEquals(ExitCodes.COMMITTED_WITH_REJECTS, zstdRun.exitCode(), zstdRun::toString);
        assertTrue(zstdRun.err().contains("read 5, inserted 4, duplicates 0, rejected 1"), zstdRun::toString);
        assertEquals(List.of(1L, 2L, 3L, 11L, 12L, 14L, 15L, 21L, 22L, 24L, 25L, 31L, 32L, 34L, 35L), Warehouses.query(db,
                "SELECT Id FROM blog_analysis.votes ORDER BY Id").stream().map(row -> row.getFirst()).toList());
        assertEquals(List.of(List.of(3L, "malformed JSON", "{broken"), List.of(3L, "malformed JSON", "{broken"),
                        List.of(3L, "malformed JSON", "{broken")),
                Warehouses.query(db, "SELECT line_number, reason, raw FROM blog_analysis.rejected_votes ORDER BY run_id"));
        assertEquals(0, Warehouses.count(db, "SELECT count(*) FROM blog_analysis.ingestion_runs "
                + "WHERE rows_read <> rows_inserted + duplicates_skipped + rows_rejected"));
    }

    /** Five lines with Ids base+1 .. base+5: a CRLF, a lone CR inside line 2, a bad line 3, a CR at line 4's start. */
    private static String linesWithCarriageReturns(long base) {
        return vote(base + 1) + "\r\n" + vote(base + 2).replace(",\"PostId\"", ",\r\"PostId\"") + "\n" + "{broken\n"
                + "\r" + vote(base + 4) + "\r\n" + vote(base + 5) + "\n";
    }

    @Test
    void whereTheLineReaderWouldSplitAtALoneCarriageReturnTheFileIsOneRejectNotMisnumbered() throws Exception {
        // A file that is not valid UTF-8 is read line by line by DuckDB's CSV reader (which quarantines such lines one
        // by one), and that reader also breaks a line at a lone carriage return (and loses the byte after it). The
        // readers' counts then disagree: rather than phantom rejects and shifted line numbers, the file is one reject
        // naming the cause, and nothing of it loads.
        Path file = dir.resolve("lone-cr-not-utf-8.jsonl");
        try (OutputStream out = Files.newOutputStream(file)) {
            out.write((vote(31) + "\n" + vote(32).replace(",\"PostId\"", ",\r\"PostId\"") + "\n")
                    .getBytes(StandardCharsets.UTF_8));
            out.write(new byte[] {'{', (byte) 0xff, '\n'});
        }

        CliRunner.Result run = cli.run("ingest", "--db", db.toString(), file.toString());

        assertEquals(ExitCodes.COMMITTED_WITH_REJECTS, run.exitCode(), run::toString);
        assertEquals(0, Warehouses.count(db, "SELECT count(*) FROM blog_analysis.votes"));
        List<List<Object>> rejects = Warehouses.query(db, "SELECT line_number, reason FROM blog_analysis.rejected_votes");
        assertEquals(1, rejects.size(), rejects::toString);
        assertEquals(0, ((Number) rejects.getFirst().getFirst()).intValue());
        assertTrue(String.valueOf(rejects.getFirst().get(1)).startsWith("a carriage return inside a line"),
                rejects::toString);
    }

    @Test
    void aFileOfOneByteIsOneRecordNotNothing() throws Exception {
        // DuckDB's JSON reader returns no record for a file of one byte without a line feed; the line is quarantined.
        Path plain = dir.resolve("one-byte.jsonl");
        Files.writeString(plain, "x");
        Path gzipped = dir.resolve("one-byte.jsonl.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gzipped))) {
            out.write('l');
        }

        CliRunner.Result result = cli.run("ingest", "--db", db.toString(), plain.toString(), gzipped.toString());

        assertEquals(ExitCodes.COMMITTED_WITH_REJECTS, result.exitCode(), result::toString);
        assertTrue(result.err().contains("read 2, inserted 0, duplicates 0, rejected 2"), result::toString);
        assertEquals(List.of(List.of(1L, "malformed JSON", "x"), List.of(1L, "malformed JSON", "l")), Warehouses.query(db,
                "SELECT line_number, reason, raw FROM blog_analysis.rejected_votes ORDER BY source_file"));
    }

    @Test
    void aCsvLineAfterACrlfBreakIsQuarantinedWithoutTheLineFeed() throws Exception {
        Path file = dir.resolve("crlf.csv");
        Files.writeString(file, "Id,PostId,VoteTypeId,CreationDate\r\n1,1,2,2022-01-04\r\n2,1\r\n3,1,2,2022-01-05\r\n");

        CliRunner.Result result = cli.run("ingest", "--db", db.toString(), file.toString());

        assertEquals(ExitCodes.COMMITTED_WITH_REJECTS, result.exitCode(), result::toString);
        assertEquals(List.of(List.of(3L, "fewer fields than the header names", "2,1")), Warehouses.query(db,
                "SELECT line_number, reason, raw FROM blog_analysis.rejected_votes"), "the raw line as it was written");
    }

    @Test
    void aCsvRecordStartingWithAHashIsARecordNotAComment() throws Exception {
        Path file = dir.resolve("hash.csv");
        Files.writeString(file, "Id,PostId,VoteTypeId,CreationDate\n#x,1,2,2022-01-02\n6,1,2,2022-01-02\n");

        CliRunner.Result result = cli.run("ingest", "--db", db.toString(), file.toString());

        assertTrue(result.err().contains("read 2, inserted 1, duplicates 0, rejected 1"), result::toString);
        assertEquals(List.of(List.of(2L, "Id is not an integer: #x")), Warehouses.query(db,
                "SELECT line_number, reason FROM blog_analysis.rejected_votes"), "never dropped unread as a comment");
    }

    @Test
    void aLineOfWhiteSpaceIsBlankOnBothPaths() throws Exception {
        Path file = dir.resolve("tabs.jsonl");
        Files.writeString(file, vote(1) + "\n\t\n \t\r\n\u000b\f\n{broken\n" + vote(2) + "\n");

        CliRunner.Result result = cli.run("ingest", "--db", db.toString(), file.toString());

        assertEquals(ExitCodes.COMMITTED_WITH_REJECTS, result.exitCode(), result::toString);
        assertTrue(result.err().contains("read 3, inserted 2, duplicates 0, rejected 1"), result::toString);
        assertEquals(List.of(List.of(5L, "malformed JSON")), Warehouses.query(db,
                "SELECT line_number, reason FROM blog_analysis.rejected_votes"), "blank lines count, and are not rejects");
    }

    @Test
    void twoHundredThousandDistinctUnknownFieldsAreSummarisedInOneShortLine() throws Exception {
        Path file = dir.resolve("wide.jsonl");
        StringBuilder lines = new StringBuilder();
        for (int line = 0; line < 2_000; line++) {
            StringBuilder extra = new StringBuilder();
            for (int field = 0; field < 100; field++) {
                extra.append(",\"f").append(line).append('_').append(field).append("\":1");
            }
            if (line == 0) {
                extra.append(",\"a\\nbroken ").append("x".repeat(500)).append("\":1");
            }
            if (line < 3) {
                extra.append(",\"Often\":1");
            }
            String vote = vote(line + 1);
            lines.append(vote, 0, vote.length() - 1).append(extra).append("}\n");
        }
        Files.writeString(file, lines);

        CliRunner.Result result = cli.run("ingest", "--db", db.toString(), file.toString());

        assertEquals(ExitCodes.OK, result.exitCode(), result::toString);
        assertEquals(1, result.err().lines().count(), "one summary line");
        assertTrue(result.err().length() < 2_000, () -> "a short line, not " + result.err().length() + " characters");
        assertTrue(result.err().contains("read 2000, inserted 2000"), result::toString);
        assertTrue(result.err().contains("ignored unknown fields Often (3 records)"), result::toString);
        assertTrue(result.err().contains("(199982 more fields) (199982 records)"), result::toString);
        String cell = String.valueOf(Warehouses.query(db, "SELECT unknown_fields FROM blog_analysis.ingestion_runs")
                .getFirst().getFirst());
        assertTrue(result.err().contains("a?broken " + "x".repeat(50) + "…"), "the name cut, its line break shown as ?");
        assertTrue(cell.length() < 2_000, () -> "a small ledger cell, not " + cell.length() + " characters");
        assertTrue(cell.contains("\"(199982 more fields)\":199982"), cell);
    }

    @Test
    void aPathWithUnicodeAndGlobCharactersLoadsExactlyThatFile() throws Exception {
        Path file = dir.resolve("vötes 日本 [1] *?.jsonl");
        Files.copy(example(), file);
        // Were the name read as a glob, it would also match this decoy and load its row.
        Files.writeString(dir.resolve("vötes 日本 1 xy.jsonl"), vote(999) + "\n");

        CliRunner.Result result = cli.run("ingest", "--db", db.toString(), file.toString());

        assertEquals(ExitCodes.OK, result.exitCode(), result::toString);
        assertEquals(16, Warehouses.count(db, "SELECT count(*) FROM blog_analysis.votes"));
        assertEquals(0, Warehouses.count(db, "SELECT count(*) FROM blog_analysis.votes WHERE Id = 999"));
        assertEquals(List.of(List.of(file.toAbsolutePath().toString())),
                Warehouses.query(db, "SELECT files[1] FROM blog_analysis.ingestion_runs"),
                "the ledger names the file itself, not the link it was read through");
    }

    @Test
    void aGzipFileWithAGlobCharacterIsStillDecompressed() throws Exception {
        Path file = dir.resolve("day[1].jsonl.gz");
        try (OutputStream out = new java.util.zip.GZIPOutputStream(Files.newOutputStream(file))) {
            Files.copy(example(), out);
        }

        CliRunner.Result result = cli.run("ingest", "--db", db.toString(), file.toString());

        assertEquals(ExitCodes.OK, result.exitCode(), result::toString);
        assertEquals(16, Warehouses.count(db, "SELECT count(*) FROM blog_analysis.votes"));
    }

    @Test
    void aUtf8ByteOrderMarkDoesNotCostTheFirstLine() throws Exception {
        Path file = dir.resolve("bom.jsonl");
        try (OutputStream out = Files.newOutputStream(file)) {
            out.write(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF});
            out.write((vote(1) + "\n" + vote(2) + "\n").getBytes(StandardCharsets.UTF_8));
        }

        CliRunner.Result result = cli.run("ingest", "--db", db.toString(), file.toString());

        assertEquals(ExitCodes.OK, result.exitCode(), result::toString);
        assertEquals(List.of(List.of(1L), List.of(2L)),
                Warehouses.query(db, "SELECT Id FROM blog_analysis.votes ORDER BY Id"));
    }

    @Test
    void anEmptyFileAndABlankFileAreCleanRunsThatReadNothing() throws Exception {
        Path empty = dir.resolve("empty.jsonl");
        Files.write(empty, new byte[0]);
        Path blank = dir.resolve("blank.jsonl");
        Files.writeString(blank, "\n\r\n   \n");

        CliRunner.Result result = cli.run("ingest", "--db", db.toString(), empty.toString(), blank.toString());

        assertEquals(ExitCodes.OK, result.exitCode(), result::toString);
        assertTrue(result.err().contains("read 0, inserted 0, duplicates 0, rejected 0"), result::toString);
        assertEquals(List.of(List.of("succeeded", 0L)), Warehouses.query(db,
                "SELECT status, rows_read FROM blog_analysis.ingestion_runs"));
    }

    @Test
    void aTenMegabyteLineLoadsWhenValidAndIsQuarantinedWhole() throws Exception {
        String padding = "x".repeat(10 * 1024 * 1024);
        Path file = dir.resolve("wide.jsonl");
        Files.writeString(file, vote(1) + "\n"
                + "{\"Id\":\"2\",\"PostId\":\"1\",\"VoteTypeId\":\"2\",\"CreationDate\":\"2022-01-02\",\"Note\":\"" + padding
                + "\"}\n"
                + "{\"Id\":\"3\",\"Note\":\"" + padding + "\n"
                + vote(4) + "\n");

        CliRunner.Result result = cli.run("ingest", "--db", db.toString(), file.toString());

        assertEquals(ExitCodes.COMMITTED_WITH_REJECTS, result.exitCode(), result::toString);
        assertEquals(List.of(List.of(1L), List.of(2L), List.of(4L)),
                Warehouses.query(db, "SELECT Id FROM blog_analysis.votes ORDER BY Id"));
        assertEquals(List.of(List.of(3L, "malformed JSON", (long) padding.length() + 18)), Warehouses.query(db,
                "SELECT line_number, reason, length(raw) FROM blog_analysis.rejected_votes"));
    }

    @Test
    void jsonValuesOfTheWrongTypeExponentsAndLeadingZerosEachGetAReason() throws Exception {
        String rest = "\"PostId\":\"1\",\"VoteTypeId\":\"2\",\"CreationDate\":\"2022-01-02T00:00:00\"";
        Path file = dir.resolve("types.jsonl");
        Files.writeString(file, String.join("\n",
                "{\"Id\":true," + rest + "}",                  // 1
                "{\"Id\":[1]," + rest + "}",                   // 2
                "{\"Id\":{\"n\":1}," + rest + "}",             // 3
                "{\"Id\":1e3," + rest + "}",                   // 4
                "{\"Id\":\"1e3\"," + rest + "}",               // 5
                "{\"Id\":5.0," + rest + "}",                   // 6
                "{\"Id\":\"007\"," + rest + "}",               // 7: leading zeros are the integer 7
                "{\"Id\":\"8\",\"PostId\":\"1\",\"VoteTypeId\":\"2\",\"CreationDate\":20220102}", // 8
                "{\"Id\":\"9\",\"PostId\":\"1\",\"VoteTypeId\":\"2\",\"CreationDate\":\"2022-01-02T00:00:00+05:30\"}", // 9
                "\"just a string\"") + "\n");                  // 10

        CliRunner.Result result = cli.run("ingest", "--db", db.toString(), file.toString());

        assertEquals(ExitCodes.COMMITTED_WITH_REJECTS, result.exitCode(), result::toString);
        assertEquals(List.of(List.of(7L, "2022-01-02 00:00:00"), List.of(9L, "2022-01-01 18:30:00")),
                Warehouses.query(db, "SELECT Id, CreationDate::VARCHAR FROM blog_analysis.votes ORDER BY Id"));
        assertEquals(List.of(
                        List.of(1L, "Id is not an integer: true"),
                        List.of(2L, "Id is not an integer: [1]"),
                        List.of(3L, "Id is not an integer: {\"n\":1}"),
                        List.of(4L, "Id is not an integer: 1000.0"), // DuckDB reads the JSON number 1e3 as a double
                        List.of(5L, "Id is not an integer: 1e3"),
                        List.of(6L, "Id is not an integer: 5.0"),
                        List.of(8L, "CreationDate is not a valid timestamp: 20220102"),
                        List.of(10L, "not a JSON object (found varchar)")),
                Warehouses.query(db, "SELECT line_number, reason FROM blog_analysis.rejected_votes ORDER BY 1"));
    }

    @Test
    void aNegativeWaitIsAUsageError() {
        CliRunner.Result result = cli.run("ingest", "--db", db.toString(), "--wait", "-1", example().toString());

        assertEquals(ExitCodes.USAGE, result.exitCode(), result::toString);
        assertEquals(1, result.err().lines().count(), result::toString);
        assertTrue(result.err().contains("--wait"), result::toString);
        assertFalse(Files.exists(db), "nothing was written");
    }

    @Test
    void aRunLeftRunningByADeadProcessIsClosedAsInterruptedByTheNextRun() throws Exception {
        cli.run("ingest", "--db", db.toString(), example().toString());
        // What a SIGKILLed run leaves behind: its ledger row, committed before the load, still 'running'.
        Warehouses.execute(db, "INSERT INTO blog_analysis.ingestion_runs (run_id, started_at, status, files, tool_version) "
                + "VALUES (nextval('blog_analysis.ingestion_run_id'), now()::TIMESTAMP, 'running', ['x.jsonl'], 'test')");

        CliRunner.Result result = cli.run("ingest", "-v", "--db", db.toString(), example().toString());

        assertEquals(ExitCodes.OK, result.exitCode(), result::toString);
        assertTrue(result.err().contains("closed 1 run(s) left 'running'"), result::toString);
        assertEquals(List.of(List.of(1L, "succeeded"), List.of(2L, "interrupted"), List.of(3L, "succeeded")),
                Warehouses.query(db, "SELECT run_id, status FROM blog_analysis.ingestion_runs ORDER BY run_id"));
    }
}
