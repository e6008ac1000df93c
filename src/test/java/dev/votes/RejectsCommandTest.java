package dev.votes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.votes.cli.exit.ExitCodes;
import io.quarkus.test.junit.QuarkusTest;

/**
 * {@code votes rejects} in-process, on quarantines written by real ingest runs: run 1 is the clean example, run 2 has
 * three bad lines (one of them long), run 3 one.
 */
@QuarkusTest
class RejectsCommandTest extends InProcessCommandTest {

    /** A bad line of 150 characters, with commas and quotes. */
    private static final String LONG_LINE = "{\"Id\":\"abc\",\"PostId\":\"1\",\"VoteTypeId\":\"2\","
            + "\"CreationDate\":\"2022-01-02\",\"note\":\"" + "x".repeat(150 - 85) + "\"}";

    private Path first;
    private Path second;

    @BeforeEach
    void ingestThreeRuns() throws Exception {
        first = dir.resolve("first.jsonl");
        second = dir.resolve("second.jsonl");
        Files.writeString(first, String.join("\n", IngestCommandTest.vote(100), "not json", LONG_LINE, "{oops",
                IngestCommandTest.vote(101)) + "\n");
        Files.writeString(second, "[1]\n" + IngestCommandTest.vote(102) + "\n");
        assertEquals(ExitCodes.OK, cli.run("ingest", "--db", db.toString(), IngestCommandTest.example().toString())
                .exitCode());
        assertEquals(ExitCodes.COMMITTED_WITH_REJECTS, cli.run("ingest", "--db", db.toString(), first.toString())
                .exitCode());
        assertEquals(ExitCodes.COMMITTED_WITH_REJECTS, cli.run("ingest", "--db", db.toString(), second.toString())
                .exitCode());
    }

    @Test
    void theTextTableListsNewestRunFirstThenFileAndLineAndShortensLongLines() {
        CliRunner.Result result = cli.run("rejects", "--db", db.toString());

        assertEquals(ExitCodes.OK, result.exitCode(), result::toString);
        List<String> lines = result.out().lines().toList();
        assertEquals(List.of("run_id", "source_file", "line_number", "reason", "raw"),
                List.of(lines.get(0).strip().split(" +")));
        assertEquals(List.of("3 " + second.toAbsolutePath() + " 1", "2 " + first.toAbsolutePath() + " 2",
                        "2 " + first.toAbsolutePath() + " 3", "2 " + first.toAbsolutePath() + " 4"),
                lines.subList(2, 6).stream().map(line -> String.join(" ", List.of(line.strip().split(" +")).subList(0, 3)))
                        .toList());
        assertEquals("(4 rows)", lines.get(6));
        assertEquals(1, lines.stream().filter(line -> line.contains(LONG_LINE.substring(0, 77) + "...")).count(),
                result::toString);
        assertFalse(result.out().contains(LONG_LINE), "the text table shortens raw to 80 characters");
        assertTrue(lines.get(4).contains("Id is not an integer: abc"), result::toString);
        assertEquals("", result.err());
    }

    @Test
    void csvAndJsonGiveTheWholeLine() throws Exception {
        CliRunner.Result csv = cli.run("rejects", "--db", db.toString(), "--format", "csv");
        CliRunner.Result json = cli.run("rejects", "--db", db.toString(), "--format", "json");

        assertEquals(ExitCodes.OK, csv.exitCode(), csv::toString);
        assertEquals("run_id,source_file,line_number,reason,raw", csv.out().lines().findFirst().orElseThrow());
        assertTrue(csv.out().contains("2," + first.toAbsolutePath() + ",3,Id is not an integer: abc,\""
                + LONG_LINE.replace("\"", "\"\"") + "\""), csv::toString);
        JsonNode rows = new ObjectMapper().readTree(json.out());
        assertEquals(4, rows.size());
        assertEquals(LONG_LINE, rows.get(2).get("raw").asText());
        assertEquals(3, rows.get(2).get("line_number").asLong());
        assertEquals(2, rows.get(2).get("run_id").asLong());
        assertEquals("not a JSON object (found array)", rows.get(0).get("reason").asText());
    }

    @Test
    void markdownEscapesNothingItNeedNot() {
        CliRunner.Result result = cli.run("rejects", "--db", db.toString(), "--format", "markdown", "--run", "3");

        assertEquals(ExitCodes.OK, result.exitCode(), result::toString);
        assertEquals(List.of("| run_id | source_file | line_number | reason | raw |", "| ---: | --- | ---: | --- | --- |",
                "| 3 | " + second.toAbsolutePath() + " | 1 | not a JSON object (found array) | [1] |"),
                result.out().lines().toList());
    }

    @Test
    void runSelectsOneRunsLines() {
        CliRunner.Result result = cli.run("rejects", "--db", db.toString(), "--format", "csv", "--run", "2");

        assertEquals(ExitCodes.OK, result.exitCode(), result::toString);
        assertEquals(List.of("2,2,malformed JSON", "2,3,Id is not an integer: abc", "2,4,malformed JSON"),
                result.out().lines().skip(1).map(RejectsCommandTest::runLineReason).toList());
    }

    @Test
    void aRunWithoutRejectsIsJustTheHeader() {
        CliRunner.Result result = cli.run("rejects", "--db", db.toString(), "--format", "csv", "--run", "1");

        assertEquals(ExitCodes.OK, result.exitCode(), result::toString);
        assertEquals(List.of("run_id,source_file,line_number,reason,raw"), result.out().lines().toList());
    }

    @Test
    void anUnknownRunIsOneLineNamingIt() {
        CliRunner.Result result = cli.run("rejects", "--db", db.toString(), "--run", "99");

        assertEquals(ExitCodes.FAILURE, result.exitCode(), result::toString);
        assertEquals(List.of("votes: no ingestion run 99 in warehouse " + db + " (see 'votes runs' for the run ids)"),
                result.err().lines().toList());
        assertEquals("", result.out());
    }

    @Test
    void aRunThatIsNotANumberIsAUsageError() {
        CliRunner.Result result = cli.run("rejects", "--db", db.toString(), "--run", "latest");

        assertEquals(ExitCodes.USAGE, result.exitCode(), result::toString);
        assertTrue(result.err().contains("--run"), result::toString);
    }

    @Test
    void summaryCountsPerRunAndKindOfReason() {
        CliRunner.Result all = cli.run("rejects", "--db", db.toString(), "--summary", "--format", "csv");
        CliRunner.Result one = cli.run("rejects", "--db", db.toString(), "--summary", "--format", "csv", "--run", "2");

        assertEquals(ExitCodes.OK, all.exitCode(), all::toString);
        assertEquals(List.of("run_id,reason,lines", "3,not a JSON object (found array),1", "2,malformed JSON,2",
                "2,Id is not an integer,1"), all.out().lines().toList());
        assertEquals(List.of("run_id,reason,lines", "2,malformed JSON,2", "2,Id is not an integer,1"),
                one.out().lines().toList());
    }

    @Test
    void limitShowsTheFirstLinesAndSaysSoOnStderr() {
        CliRunner.Result limited = cli.run("rejects", "--db", db.toString(), "--format", "csv", "--limit", "2");
        CliRunner.Result all = cli.run("rejects", "--db", db.toString(), "--format", "csv", "--limit", "2", "--all");

        assertEquals(ExitCodes.OK, limited.exitCode(), limited::toString);
        assertEquals(List.of("3,1,not a JSON object (found array)", "2,2,malformed JSON"),
                limited.out().lines().skip(1).map(RejectsCommandTest::runLineReason).toList());
        assertEquals("showing 2 of 4 quarantined lines (--limit N or --all for more, --summary for counts)\n",
                limited.err());
        assertEquals(5, all.out().lines().count());
        assertEquals("", all.err());
    }

    @Test
    void aWarehouseWithoutTheQuarantineIsOneLine() throws Exception {
        Warehouses.execute(db, "DROP TABLE blog_analysis.rejected_votes");

        CliRunner.Result result = cli.run("rejects", "--db", db.toString());

        assertEquals(ExitCodes.FAILURE, result.exitCode(), result::toString);
        assertEquals(List.of("votes: warehouse " + db + " has no blog_analysis.rejected_votes table: "
                + "run 'votes ingest FILE' first"), result.err().lines().toList());
    }

    @Test
    void aMissingWarehouseIsOneLineAndIsNotCreated() {
        Path none = dir.resolve("none.db");

        CliRunner.Result result = cli.run("rejects", "--db", none.toString(), "--run", "1");

        assertEquals(ExitCodes.FAILURE, result.exitCode(), result::toString);
        assertTrue(result.err().startsWith("votes: no warehouse at " + none), result::toString);
        assertTrue(Files.notExists(none));
    }

    /** "run,line,reason" of a CSV row of the rejects (the file and the raw line left out). */
    private static String runLineReason(String csvLine) {
        List<String> fields = new ArrayList<>(List.of(csvLine.split(",", 5)));
        return fields.get(0) + "," + fields.get(2) + "," + fields.get(3);
    }
}
