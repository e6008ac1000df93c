package dev.votes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;
import java.util.zip.GZIPInputStream;

import org.junit.jupiter.api.Test;

import dev.votes.cli.exit.ExitCodes;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The two ways a file is staged: DuckDB's parallel JSON reader for a file whose rows all pass, and the line-by-line
 * reader for a file with bad lines. Both must give the same rows, keep "first occurrence wins" across the run, and never
 * lose a line.
 */
@QuarkusTest
class StagingPathsTest extends InProcessCommandTest {


    @Test
    void theRealDatasetGivesTheSameRowsWhetherAllValidOrWithABadLineFound() throws Exception {
        Path clean = dir.resolve("clean.jsonl");
        try (InputStream in = new GZIPInputStream(Files.newInputStream(RealDatasetTest.DATASET))) {
            Files.copy(in, clean);
        }
        Path dirty = dir.resolve("dirty.jsonl");
        Files.copy(clean, dirty);
        // The dataset's last line has no line break: the bad line goes on a line of its own.
        Files.writeString(dirty, "\nnot json at all\n", java.nio.file.StandardOpenOption.APPEND);
        Path fastDb = dir.resolve("fast.db");
        Path exactDb = dir.resolve("exact.db");

        CliRunner.Result fast = cli.run("ingest", "--db", fastDb.toString(), "-v", clean.toString());
        CliRunner.Result exact = cli.run("ingest", "--db", exactDb.toString(), "-v", dirty.toString());

        assertEquals(ExitCodes.OK, fast.exitCode(), fast::toString);
        assertTrue(fast.err().contains("all valid"), "the clean file takes the fast path: " + fast);
        assertEquals(ExitCodes.COMMITTED_WITH_REJECTS, exact.exitCode(), exact::toString);
        assertTrue(exact.err().contains("1 bad lines found"), "the bad line of the file is found without reading "
                + "every line again: " + exact);
        assertEquals(40_299, Warehouses.count(fastDb, "SELECT count(*) FROM blog_analysis.votes"));
        assertEquals(40_299, Warehouses.count(exactDb, "SELECT count(*) FROM blog_analysis.votes"));
        // Compared in the database, so that a failure does not print 40,299 rows.
        assertEquals(0, rowsInOnlyOne(fastDb, exactDb));
        assertEquals(List.of(List.of(40_300L, "not json at all", "malformed JSON")),
                Warehouses.query(exactDb, "SELECT line_number, raw, reason FROM blog_analysis.rejected_votes"));
    }

    @Test
    void theFirstOccurrenceOfAnIdWinsAcrossFastAndLineByLineFiles() throws Exception {
        Path first = dir.resolve("1-dirty.jsonl");
        Files.writeString(first, String.join("\n", vote(10, 100), "{broken", vote(11, 110), vote(10, 101)) + "\n");
        Path second = dir.resolve("2-clean.jsonl");
        Files.writeString(second, String.join("\n", vote(10, 102), vote(12, 120), vote(12, 121), vote(11, 111)) + "\n");
        Path third = dir.resolve("3-clean.jsonl");
        Files.writeString(third, String.join("\n", vote(13, 130), vote(12, 122)) + "\n");

        CliRunner.Result result = cli.run("ingest", "--db", db.toString(), first.toString(), second.toString(),
                third.toString());

        assertEquals(ExitCodes.COMMITTED_WITH_REJECTS, result.exitCode(), result::toString);
        assertTrue(result.err().contains("read 10, inserted 4, duplicates 5, rejected 1"), result::toString);
        assertEquals(List.of(List.of(10L, 100L), List.of(11L, 110L), List.of(12L, 120L), List.of(13L, 130L)),
                Warehouses.query(db, "SELECT Id, PostId FROM blog_analysis.votes ORDER BY Id"));
        assertEquals(List.of(List.of(2L, "{broken")),
                Warehouses.query(db, "SELECT line_number, raw FROM blog_analysis.rejected_votes"));
    }

    @Test
    void badLinesAmongBlankLinesAreFoundAtTheirLineNumbersWithoutReadingEveryLineAgain() throws Exception {
        Path file = dir.resolve("blanks.jsonl");
        Files.writeString(file, String.join("\n", vote(1, 10), "", "{broken", "   ", vote(2, 20), "\t", "[1, 2]",
                "", "", vote(3, 30).replace("\"PostId\":\"30\"", "\"PostId\":\"x\""), vote(4, 40), "42") + "\n");

        CliRunner.Result result = cli.run("ingest", "-v", "--db", db.toString(), file.toString());

        assertEquals(ExitCodes.COMMITTED_WITH_REJECTS, result.exitCode(), result::toString);
        assertTrue(result.err().contains("7 records, 4 bad lines found"), result::toString);
        assertEquals(List.of(List.of(1L, 10L), List.of(2L, 20L), List.of(4L, 40L)),
                Warehouses.query(db, "SELECT Id, PostId FROM blog_analysis.votes ORDER BY Id"));
        assertEquals(List.of(List.of(3L, "{broken", "malformed JSON"),
                        List.of(7L, "[1, 2]", "not a JSON object (found array)"),
                        List.of(10L, vote(3, 30).replace("\"PostId\":\"30\"", "\"PostId\":\"x\""),
                                "PostId is not an integer: x"),
                        List.of(12L, "42", "not a JSON object (found ubigint)")),
                Warehouses.query(db, "SELECT line_number, raw, reason FROM blog_analysis.rejected_votes "
                        + "ORDER BY line_number"));
    }

    @Test
    void aFileWhoseReadersDisagreeOnABadRecordIsReadLineByLineAndLosesNothing() throws Exception {
        // The JSON reader cannot parse a first line that starts with a byte-order mark and marks it; the line reader
        // takes the mark off and finds the line valid. The located line is not a bad one, so the mapping is refused
        // and the file is read whole, line by line.
        Path file = dir.resolve("bom.jsonl");
        Files.writeString(file, "\uFEFF" + String.join("\n", vote(1, 10), "{broken", vote(2, 20)) + "\n");

        CliRunner.Result result = cli.run("ingest", "-v", "--db", db.toString(), file.toString());

        assertEquals(ExitCodes.COMMITTED_WITH_REJECTS, result.exitCode(), result::toString);
        assertTrue(result.err().contains("line by line (it has bad lines)"), result::toString);
        assertTrue(result.err().contains("read 3, inserted 2, duplicates 0, rejected 1"), result::toString);
        assertEquals(List.of(List.of(1L), List.of(2L)),
                Warehouses.query(db, "SELECT Id FROM blog_analysis.votes ORDER BY Id"));
        assertEquals(List.of(List.of(2L, "{broken", "malformed JSON")),
                Warehouses.query(db, "SELECT line_number, raw, reason FROM blog_analysis.rejected_votes"));
    }

    /**
     * DuckDB 2.0's parallel CSV reader, told that lines end in CRLF, silently drops the line after a line break that is
     * the first byte of a 32 MiB buffer. Files with bad lines are read line by line, so this builds one (with a bad first
     * line) whose byte 2^25 is a line break, and checks every line is accounted for.
     */
    @Test
    void aLineStartingExactlyAtTheReadersBufferBoundaryIsNotLost() throws Exception {
        Path file = dir.resolve("boundary.jsonl");
        long lines = 0;
        long written = 0;
        long boundary = 1L << 25;
        // The bad first line is not UTF-8, so the file is read line by line by the CSV reader (the line reader that has
        // buffers), not split as text (read_vote_lines_of_text.sql), which takes only UTF-8.
        try (OutputStream bytes = Files.newOutputStream(file);
             BufferedWriter out = new BufferedWriter(new OutputStreamWriter(bytes, StandardCharsets.UTF_8))) {
            bytes.write(new byte[] {(byte) 0xff, 'o', 't', ' ', 'j', 's', 'o', 'n', '\n'});
            written += 9;
            lines++;
            while (written < 2 * boundary) {
                String line = vote(lines + 1, 1) + "\n";
                long remaining = boundary - written + 1;
                if (remaining > 1 && remaining < 2L * line.length() + 8) {
                    // Pad this line with spaces so that its line break is the first byte of the second buffer.
                    line = vote(lines + 1, 1) + " ".repeat((int) (remaining - line.length())) + "\n";
                }
                out.write(line);
                written += line.length();
                lines++;
            }
        }
        assertTrue(isLineBreak(file, boundary), "byte 2^25 of the test file must be a line break");

        CliRunner.Result result = cli.run("ingest", "-v", "--db", db.toString(), file.toString());

        assertEquals(ExitCodes.COMMITTED_WITH_REJECTS, result.exitCode(), result::toString);
        assertTrue(result.err().contains("reading its lines with the CSV reader"), result::toString);
        assertTrue(result.err().contains("read " + lines + ", inserted " + (lines - 1) + ", duplicates 0, rejected 1"),
                result::toString);
    }

    /** Rows of blog_analysis.votes (lineage aside) found in one warehouse but not the other. */
    static long rowsInOnlyOne(Path left, Path right) throws SQLException {
        return Warehouses.rowsInOnlyOne(left, right, "SELECT " + Warehouses.VOTE_COLUMNS
                + " FROM %s.blog_analysis.votes");
    }

    /**
     * The line reader must take a CRLF as one line break whatever the file's bytes on disk look like: a gzip file whose
     * compressed bytes hold no carriage return still has CRLF lines inside (an earlier version chose the reader's line
     * break from the bytes on disk, and counted each CRLF as two lines here).
     */
    @Test
    void aGzipFileWithCrlfLinesGetsTheRightLineNumbers() throws Exception {
        byte[] compressed = null;
        for (int padding = 0; compressed == null && padding < 200; padding++) {
            String text = String.join("\r\n", vote(1, 1), vote(2, 1) + " ".repeat(padding), "{broken", vote(3, 1),
                    "[1]") + "\r\n";
            java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
            try (var gzip = new java.util.zip.GZIPOutputStream(bytes)) {
                gzip.write(text.getBytes(StandardCharsets.UTF_8));
            }
            if (bytes.toString(StandardCharsets.ISO_8859_1).indexOf('\r') < 0) {
                compressed = bytes.toByteArray();
            }
        }
        assertTrue(compressed != null, "some padding gives compressed bytes without a carriage return");
        Path file = dir.resolve("crlf.jsonl.gz");
        Files.write(file, compressed);

        CliRunner.Result result = cli.run("ingest", "--db", db.toString(), file.toString());

        assertEquals(ExitCodes.COMMITTED_WITH_REJECTS, result.exitCode(), result::toString);
        assertTrue(result.err().contains("read 5, inserted 3, duplicates 0, rejected 2"), result::toString);
        assertEquals(List.of(List.of(3L, "{broken"), List.of(5L, "[1]")),
                Warehouses.query(db, "SELECT line_number, raw FROM blog_analysis.rejected_votes ORDER BY line_number"));
    }

    private static boolean isLineBreak(Path file, long offset) throws IOException {
        try (var channel = Files.newByteChannel(file)) {
            channel.position(offset - 1);
            java.nio.ByteBuffer three = java.nio.ByteBuffer.allocate(3);
            channel.read(three);
            return three.get(0) == ' ' && three.get(1) == '\n' && three.get(2) == '{';
        }
    }

    private static String vote(long id, long postId) {
        return "{\"Id\":\"" + id + "\",\"PostId\":\"" + postId
                + "\",\"VoteTypeId\":\"2\",\"CreationDate\":\"2022-01-02T00:00:00.000\"}";
    }
}
