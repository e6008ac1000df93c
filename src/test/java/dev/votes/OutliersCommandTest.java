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
import io.quarkus.test.junit.QuarkusTest;

/** {@code votes outliers} in-process: the exercise's example, the output formats, and the error paths. */
@QuarkusTest
class OutliersCommandTest extends InProcessCommandTest {

    /** The exercise's expected view for its 16-row example. */
    private static final List<List<Object>> EXAMPLE_OUTLIERS = List.of(
            List.of(2022, 0, 1L), List.of(2022, 1, 3L), List.of(2022, 2, 3L),
            List.of(2022, 5, 1L), List.of(2022, 6, 1L), List.of(2022, 8, 1L));

    @Test
    void theExampleGivesTheExercisesSixWeeksInTheViewAndOnStdout() throws Exception {
        cli.run("ingest", "--db", db.toString(), IngestCommandTest.example().toString());

        CliRunner.Result result = cli.run("outliers", "--db", db.toString());

        assertEquals(ExitCodes.OK, result.exitCode(), result::toString);
        assertEquals(EXAMPLE_OUTLIERS, Warehouses.query(db, "SELECT * FROM blog_analysis.outlier_weeks"));
        assertEquals(List.of(List.of("Year", "INTEGER"), List.of("WeekNumber", "INTEGER"), List.of("VoteCount", "BIGINT")),
                Warehouses.query(db, "SELECT column_name, column_type FROM (DESCRIBE blog_analysis.outlier_weeks)"));
        assertEquals(List.of(
                "Year  WeekNumber  VoteCount",
                "----  ----------  ---------",
                "2022           0          1",
                "2022           1          3",
                "2022           2          3",
                "2022           5          1",
                "2022           6          1",
                "2022           8          1",
                "(6 rows)"), result.out().lines().toList());
        assertEquals("", result.err());
    }

    @Test
    void aCurrentViewIsLeftAsItIsAndAReplacedOneIsRestored() throws Exception {
        cli.run("ingest", "--db", db.toString(), IngestCommandTest.example().toString());
        assertEquals(ExitCodes.OK, cli.run("outliers", "--db", db.toString()).exitCode());
        byte[] afterFirst = Files.readAllBytes(db);

        CliRunner.Result again = cli.run("outliers", "--db", db.toString(), "--format", "csv");

        assertEquals(ExitCodes.OK, again.exitCode(), again::toString);
        assertEquals(7, again.out().lines().count(), again::toString);
        assertTrue(java.util.Arrays.equals(afterFirst, Files.readAllBytes(db)), "printing a current view writes nothing");
        assertTrue(Files.notExists(db.resolveSibling(db.getFileName() + ".wal")));

        // Someone replaces the view with another definition: the next run puts the exercise's view back.
        Warehouses.execute(db, "CREATE OR REPLACE VIEW blog_analysis.outlier_weeks AS SELECT 1 AS Year, 2 AS WeekNumber, "
                + "3 AS VoteCount");
        assertEquals(ExitCodes.OK, cli.run("outliers", "--db", db.toString()).exitCode());
        assertEquals(EXAMPLE_OUTLIERS, Warehouses.query(db, "SELECT * FROM blog_analysis.outlier_weeks"));
    }

    @Test
    void csvJsonAndMarkdownCarryTheSameRows() throws Exception {
        cli.run("ingest", "--db", db.toString(), IngestCommandTest.example().toString());

        CliRunner.Result csv = cli.run("outliers", "--db", db.toString(), "--format", "csv");
        CliRunner.Result json = cli.run("outliers", "--db", db.toString(), "--format", "json");
        CliRunner.Result markdown = cli.run("outliers", "--db", db.toString(), "--format", "markdown");

        assertEquals(List.of("Year,WeekNumber,VoteCount", "2022,0,1", "2022,1,3", "2022,2,3", "2022,5,1", "2022,6,1",
                "2022,8,1"), csv.out().lines().toList());
        JsonNode rows = new ObjectMapper().readTree(json.out());
        assertEquals(6, rows.size());
        assertEquals(2022, rows.get(1).get("Year").asInt());
        assertEquals(1, rows.get(1).get("WeekNumber").asInt());
        assertEquals(3, rows.get(1).get("VoteCount").asLong());
        assertEquals(List.of("| Year | WeekNumber | VoteCount |", "| ---: | ---: | ---: |", "| 2022 | 0 | 1 |"),
                markdown.out().lines().limit(3).toList());
    }

    @Test
    void theViewFollowsTheDataWhenRecreated() throws Exception {
        cli.run("ingest", "--db", db.toString(), IngestCommandTest.example().toString());
        cli.run("outliers", "--db", db.toString());
        Path more = dir.resolve("more.jsonl");
        // Week 3 of 2022 grows from 2 to 5 votes: the mean rises from 16/9 to 19/9 and week 3 (5 > 1.2 * 19/9) joins.
        Files.writeString(more, String.join("\n",
                IngestCommandTest.vote(100).replace("2022-01-02", "2022-01-19"),
                IngestCommandTest.vote(101).replace("2022-01-02", "2022-01-19"),
                IngestCommandTest.vote(102).replace("2022-01-02", "2022-01-19")) + "\n");
        cli.run("ingest", "--db", db.toString(), more.toString());

        CliRunner.Result result = cli.run("outliers", "--db", db.toString(), "--format", "csv");

        assertEquals(List.of("Year,WeekNumber,VoteCount", "2022,0,1", "2022,1,3", "2022,2,3", "2022,3,5", "2022,5,1",
                        "2022,6,1", "2022,8,1"),
                result.out().lines().toList());
    }

    @Test
    void aWeekWithoutVotesIsNeitherInTheMeanNorListed() throws Exception {
        Path gap = dir.resolve("gap.jsonl");
        // Two votes in week 1 and two in week 3 of 2022, none in week 2. Over the weeks that have votes the mean is 2 and
        // nothing deviates; were the empty week counted, the mean would be 4/3 and all three weeks would be listed.
        Files.writeString(gap, String.join("\n",
                IngestCommandTest.vote(1).replace("2022-01-02", "2022-01-04"),
                IngestCommandTest.vote(2).replace("2022-01-02", "2022-01-05"),
                IngestCommandTest.vote(3).replace("2022-01-02", "2022-01-18"),
                IngestCommandTest.vote(4).replace("2022-01-02", "2022-01-19")) + "\n");
        cli.run("ingest", "--db", db.toString(), gap.toString());

        CliRunner.Result result = cli.run("outliers", "--db", db.toString(), "--format", "csv");

        assertEquals(ExitCodes.OK, result.exitCode(), result::toString);
        assertEquals(List.of("Year,WeekNumber,VoteCount"), result.out().lines().toList());
    }

    @Test
    void aMissingWarehouseIsOneLineAndIsNotCreated() {
        CliRunner.Result result = cli.run("outliers", "--db", db.toString());

        assertEquals(ExitCodes.FAILURE, result.exitCode(), result::toString);
        assertEquals(1, result.err().lines().count(), result::toString);
        assertTrue(result.err().contains("run 'votes ingest FILE' first"), result::toString);
        assertTrue(Files.notExists(db));
    }

    @Test
    void aWarehouseWithoutTheVotesTableIsOneLine() throws Exception {
        Warehouses.execute(db, "CREATE TABLE unrelated (x INTEGER)");

        CliRunner.Result result = cli.run("outliers", "--db", db.toString());

        assertEquals(ExitCodes.FAILURE, result.exitCode(), result::toString);
        assertTrue(result.err().contains("has no blog_analysis.votes table"), result::toString);
    }

    @Test
    void aBadFormatIsAUsageError() {
        CliRunner.Result result = cli.run("outliers", "--format", "xml");

        assertEquals(ExitCodes.USAGE, result.exitCode(), result::toString);
        assertTrue(result.err().contains("--format"), result::toString);
    }

    @Test
    void errorsOptionShowsTheStackTrace() {
        CliRunner.Result result = cli.run("outliers", "-e", "--db", db.toString());

        assertEquals(ExitCodes.FAILURE, result.exitCode(), result::toString);
        assertTrue(result.err().contains("dev.votes.failure.BadInput: no warehouse at"), result::toString);
        assertTrue(result.err().lines().count() > 3, result::toString);
    }
}
