package dev.votes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.votes.cli.exit.ExitCodes;
import io.quarkus.test.junit.QuarkusTest;

/**
 * {@code votes recount} in-process, on real DuckDB files: an exact table is left as it is (the file unchanged); votes
 * changed with bare JDBC behind the tool's back are recounted and each changed week reported; a dropped table and a
 * warehouse made before the table existed get it; the refusals.
 */
@QuarkusTest
class RecountCommandTest extends InProcessCommandTest {

    /** The summary line, with its time as a pattern. */
    /** The example's 9 weeks (16 votes) all added by the recount, which then agrees with the votes. */
    private void assertRebuiltAllNineWeeksOfTheExample(CliRunner.Result result) throws Exception {
        assertEquals(ExitCodes.OK, result.exitCode(), result::toString);
        assertTrue(result.err().lines().findFirst().orElseThrow().matches(summary("recount: rebuilt "
                + "blog_analysis.weekly_vote_counts from the votes: 0 weeks changed, 9 added, 0 removed; now 9 weeks, "
                + "16 votes")), result::toString);
        assertEquals(List.of(), Warehouses.weeklyCountsAgainstVotes(db));
    }

    private static String summary(String text) {
        return java.util.regex.Pattern.quote(text) + " \\(\\d+\\.\\d\\d s\\)";
    }

    @Test
    void anExactTableIsLeftAsItIsAndNothingIsWritten() throws Exception {
        cli.run("ingest", "--db", db.toString(), IngestCommandTest.example().toString());
        byte[] before = Files.readAllBytes(db);

        CliRunner.Result result = cli.run("recount", "--db", db.toString());

        assertEquals(ExitCodes.OK, result.exitCode(), result::toString);
        assertEquals(1, result.err().lines().count(), result::toString);
        assertTrue(result.err().strip().matches(summary("recount: blog_analysis.weekly_vote_counts equals a recount "
                + "of the votes (9 weeks, 16 votes): nothing changed")), result::toString);
        assertEquals("", result.out());
        assertTrue(Arrays.equals(before, Files.readAllBytes(db)), "an exact table writes nothing");
        assertTrue(Files.notExists(dir.resolve("warehouse.db.wal")));
    }

    @Test
    void votesChangedBehindTheToolsBackAreRecountedWeekByWeek() throws Exception {
        cli.run("ingest", "--db", db.toString(), IngestCommandTest.example().toString());
        // A user's own DuckDB session: the only vote of week 8 deleted, the only vote of week 0 moved into week 1,
        // and a vote added in week 20.
        Warehouses.execute(db, "DELETE FROM blog_analysis.votes WHERE Id = 17",
                "UPDATE blog_analysis.votes SET CreationDate = TIMESTAMP '2022-01-03 00:00:00' WHERE Id = 1",
                "INSERT INTO blog_analysis.votes VALUES (100, 1, 2, NULL, NULL, TIMESTAMP '2022-05-16 08:00:00', 1)");

        CliRunner.Result result = cli.run("recount", "--db", db.toString(), "--format", "csv");

        assertEquals(ExitCodes.OK, result.exitCode(), result::toString);
        List<String> lines = result.err().lines().toList();
        assertTrue(lines.getFirst().matches(summary("recount: rebuilt blog_analysis.weekly_vote_counts from the votes: "
                + "1 week changed, 1 added, 2 removed; now 8 weeks, 16 votes")), result::toString);
        assertEquals(List.of(
                "  2022 week 0: removed (the table had 1 vote, the votes table has none)",
                "  2022 week 1: 3 -> 4 votes",
                "  2022 week 8: removed (the table had 1 vote, the votes table has none)",
                "  2022 week 20: added, 1 vote"), lines.subList(1, lines.size()));
        assertEquals(List.of("Year,WeekNumber,VoteCount,recounted,change", "2022,0,1,,removed", "2022,1,3,4,changed",
                "2022,8,1,,removed", "2022,20,,1,added"), result.out().lines().toList());
        assertEquals(List.of(), Warehouses.weeklyCountsAgainstVotes(db));
        assertEquals(List.of(List.of(2022, 1, 4L), List.of(2022, 20, 1L)),
                List.of(Warehouses.weeklyCounts(db).getFirst(), Warehouses.weeklyCounts(db).getLast()));

        CliRunner.Result again = cli.run("recount", "--db", db.toString());

        assertTrue(again.err().strip().matches(summary("recount: blog_analysis.weekly_vote_counts equals a recount of "
                + "the votes (8 weeks, 16 votes): nothing changed")), again::toString);
    }

    @Test
    void manyChangedWeeksAreCutOnStderrAndAllListedOnStdout() throws Exception {
        Path file = dir.resolve("weeks.jsonl");
        List<String> votes = new ArrayList<>();
        for (int week = 1; week <= 30; week++) {
            votes.add(WeeklyCountsTest.vote(week, java.time.LocalDate.of(2018, 1, 1).plusWeeks(week - 1) + "T12:00:00"));
        }
        Files.writeString(file, String.join("\n", votes) + "\n");
        cli.run("ingest", "--db", db.toString(), file.toString());
        Warehouses.execute(db, "DELETE FROM blog_analysis.votes");

        CliRunner.Result result = cli.run("recount", "--db", db.toString(), "--format", "json");

        assertEquals(ExitCodes.OK, result.exitCode(), result::toString);
        List<String> lines = result.err().lines().toList();
        assertTrue(lines.getFirst().matches(summary("recount: rebuilt blog_analysis.weekly_vote_counts from the votes: "
                + "0 weeks changed, 0 added, 30 removed; now 0 weeks, 0 votes")), result::toString);
        assertEquals(1 + 20 + 1, lines.size(), result::toString);
        assertEquals("  2018 week 1: removed (the table had 1 vote, the votes table has none)", lines.get(1));
        assertEquals("  ... and 10 more weeks", lines.getLast());
        JsonNode rows = new ObjectMapper().readTree(result.out());
        assertEquals(30, rows.size());
        assertEquals(30, rows.get(29).get("WeekNumber").asInt());
        assertEquals("removed", rows.get(29).get("change").asText());
        assertTrue(rows.get(29).get("recounted").isNull());
        assertEquals(List.of(), Warehouses.weeklyCounts(db));
    }

    @Test
    void aDroppedTableIsCreatedAgainWithEveryWeekAdded() throws Exception {
        cli.run("ingest", "--db", db.toString(), IngestCommandTest.example().toString());
        cli.run("outliers", "--db", db.toString());
        Warehouses.execute(db, "DROP TABLE blog_analysis.weekly_vote_counts");
        CliRunner.Result broken = cli.run("outliers", "--db", db.toString());
        assertEquals(ExitCodes.FAILURE, broken.exitCode(), broken::toString);
        assertEquals(List.of("votes: warehouse " + db + " has no blog_analysis.weekly_vote_counts table: run 'votes "
                + "recount' to rebuild it from the votes"), broken.err().lines().toList());

        CliRunner.Result result = cli.run("recount", "--db", db.toString());

        assertRebuiltAllNineWeeksOfTheExample(result);
        CliRunner.Result outliers = cli.run("outliers", "--db", db.toString(), "--format", "csv");
        assertEquals(ExitCodes.OK, outliers.exitCode(), outliers::toString);
        assertEquals(7, outliers.out().lines().count(), outliers::toString);
    }

    @Test
    void aWarehouseMadeBeforeTheCountsGetsThemAllAdded() throws Exception {
        cli.run("ingest", "--db", db.toString(), IngestCommandTest.example().toString());
        Warehouses.makeAsBeforeWeeklyCounts(db);

        CliRunner.Result result = cli.run("recount", "--db", db.toString());

        assertRebuiltAllNineWeeksOfTheExample(result);
        assertTrue(!Warehouses.query(db, "SELECT comment FROM duckdb_sequences()").getFirst().getFirst().toString()
                .contains(Warehouses.SCHEMA_DIGEST_BEFORE_WEEKLY_COUNTS), "the schema is marked up to date");
    }

    @Test
    void aMissingWarehouseIsOneLineAndIsNotCreated() {
        CliRunner.Result result = cli.run("recount", "--db", db.toString());

        assertEquals(ExitCodes.FAILURE, result.exitCode(), result::toString);
        assertEquals(1, result.err().lines().count(), result::toString);
        assertTrue(result.err().startsWith("votes: no warehouse at " + db), result::toString);
        assertTrue(Files.notExists(db));
    }

    @Test
    void aWarehouseWithoutVotesIsOneLineAndGetsNoTables() throws Exception {
        Warehouses.execute(db, "CREATE TABLE unrelated (x INTEGER)");

        CliRunner.Result result = cli.run("recount", "--db", db.toString());

        assertEquals(ExitCodes.FAILURE, result.exitCode(), result::toString);
        assertEquals(List.of("votes: warehouse " + db + " has no blog_analysis.votes table: run 'votes ingest FILE' "
                + "first"), result.err().lines().toList());
        assertEquals(List.of(List.of("unrelated")), Warehouses.query(db, "SELECT table_name FROM duckdb_tables()"));
    }

    @Test
    void aBusyWarehouseIsExitFour() throws Exception {
        cli.run("ingest", "--db", db.toString(), IngestCommandTest.example().toString());
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process holder = new ProcessBuilder(java, "--enable-native-access=ALL-UNNAMED", "-cp",
                System.getProperty("java.class.path") + File.pathSeparator, LockHolder.class.getName(), db.toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8));
            assertEquals("locked", out.readLine());

            CliRunner.Result busy = cli.run("recount", "--db", db.toString());

            assertEquals(ExitCodes.WAREHOUSE_BUSY, busy.exitCode(), busy::toString);
            assertEquals(1, busy.err().lines().count(), busy::toString);
            assertTrue(busy.err().contains("is busy: process " + holder.pid()), busy::toString);
        } finally {
            holder.getOutputStream().close();
            holder.waitFor();
        }
    }

    @Test
    void helpListsRecountAndOutliersHelpPointsToIt() {
        CliRunner.Result top = cli.run("--help");
        CliRunner.Result outliers = cli.run("outliers", "--help");

        assertTrue(top.out().lines().anyMatch(line -> line.strip().matches(
                "recount\\s+Recount the weekly vote counts behind outlier_weeks\\.")), top::toString);
        assertTrue(outliers.out().replaceAll("\\s+", " ").contains("'votes recount' rebuilds the counts"),
                outliers::toString);
    }
}
