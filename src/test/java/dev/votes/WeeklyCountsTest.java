package dev.votes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.votes.cli.exit.ExitCodes;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The weekly counts table behind {@code outlier_weeks}, {@code blog_analysis.weekly_vote_counts}, kept exact by every
 * ingest run inside its transaction: after each kind of run it equals a count of the votes made by the test itself
 * ({@link Warehouses#weeklyCountsAgainstVotes}, by other means than the tool's), and a run that fails leaves it as it
 * was. A warehouse made before the table existed gets it, filled, on its next writing command, and its old view is
 * replaced by one that reads it, with the same rows.
 */
@QuarkusTest
class WeeklyCountsTest extends InProcessCommandTest {

    /** The example's weeks of 2022 and their votes: 16 votes, one per Sunday-ish date, weeks 0 to 8. */
    private static final List<List<Object>> EXAMPLE_WEEKS = List.of(
            List.of(2022, 0, 1L), List.of(2022, 1, 3L), List.of(2022, 2, 3L), List.of(2022, 3, 2L),
            List.of(2022, 4, 2L), List.of(2022, 5, 1L), List.of(2022, 6, 1L), List.of(2022, 7, 2L),
            List.of(2022, 8, 1L));

    /** A vote line with its own Id and CreationDate. */
    static String vote(long id, String creationDate) {
        return "{\"Id\":\"" + id + "\",\"PostId\":\"1\",\"VoteTypeId\":\"2\",\"CreationDate\":\"" + creationDate + "\"}";
    }

    @Test
    void aFreshLoadCountsEveryWeekOfItsVotes() throws Exception {
        CliRunner.Result result = cli.run("ingest", "--db", db.toString(), IngestCommandTest.example().toString());

        assertEquals(ExitCodes.OK, result.exitCode(), result::toString);
        assertEquals(EXAMPLE_WEEKS, Warehouses.weeklyCounts(db));
        assertEquals(List.of(), Warehouses.weeklyCountsAgainstVotes(db));
    }

    @Test
    void aDuplicateWithinARunCountsOnceInTheWeekOfTheCopyThatWins() throws Exception {
        Path file = dir.resolve("dups.jsonl");
        // Id 1 three times in three weeks: the first occurrence wins (week 1), the later ones are duplicates.
        Files.writeString(file, String.join("\n", vote(1, "2022-01-04T10:00:00"), vote(2, "2022-01-04T11:00:00"),
                vote(1, "2022-01-11T10:00:00"), vote(3, "2022-01-18T10:00:00"), vote(1, "2022-01-25T10:00:00")) + "\n");

        CliRunner.Result result = cli.run("ingest", "--db", db.toString(), file.toString());

        assertEquals(ExitCodes.OK, result.exitCode(), result::toString);
        assertTrue(result.err().contains("inserted 3, duplicates 2"), result::toString);
        assertEquals(List.of(List.of(2022, 1, 2L), List.of(2022, 3, 1L)), Warehouses.weeklyCounts(db));
        assertEquals(List.of(), Warehouses.weeklyCountsAgainstVotes(db));
    }

    @Test
    void reloadingTheSameRowsAddsNothing() throws Exception {
        String example = IngestCommandTest.example().toString();
        cli.run("ingest", "--db", db.toString(), example);

        CliRunner.Result skipped = cli.run("ingest", "--db", db.toString(), example);
        CliRunner.Result forced = cli.run("ingest", "--db", db.toString(), "--force", example);

        assertEquals(ExitCodes.OK, skipped.exitCode(), skipped::toString);
        assertTrue(skipped.err().contains("skipped 1 unchanged file"), skipped::toString);
        assertEquals(ExitCodes.OK, forced.exitCode(), forced::toString);
        assertTrue(forced.err().contains("read 16, inserted 0, duplicates 16"), forced::toString);
        assertEquals(EXAMPLE_WEEKS, Warehouses.weeklyCounts(db));
        assertEquals(List.of(), Warehouses.weeklyCountsAgainstVotes(db));
    }

    @Test
    void rejectedLinesAreNotCounted() throws Exception {
        Path file = dir.resolve("bad.jsonl");
        // Each rejected line has a date a week of its own would come from: none of them may count.
        Files.writeString(file, String.join("\n", vote(1, "2022-01-04T10:00:00"),
                vote(2, "2022-03-01T10:00:00").replace("\"PostId\":\"1\"", "\"PostId\":\"x\""),
                "{\"Id\":\"3\",\"VoteTypeId\":\"2\",\"CreationDate\":\"2022-03-08T10:00:00\"}",
                vote(4, "2022-02-30T10:00:00"),
                "not json",
                vote(5, "2022-01-05T10:00:00")) + "\n");

        CliRunner.Result result = cli.run("ingest", "--db", db.toString(), file.toString());

        assertEquals(ExitCodes.COMMITTED_WITH_REJECTS, result.exitCode(), result::toString);
        assertTrue(result.err().contains("inserted 2, duplicates 0, rejected 4"), result::toString);
        assertEquals(List.of(List.of(2022, 1, 2L)), Warehouses.weeklyCounts(db));
        assertEquals(List.of(), Warehouses.weeklyCountsAgainstVotes(db));
    }

    @Test
    void anIncrementAddsToTheWeeksItTouchesAndOpensNewOnes() throws Exception {
        cli.run("ingest", "--db", db.toString(), IngestCommandTest.example().toString());
        Path more = dir.resolve("more.jsonl");
        // Week 1 gains one vote, 2021 week 52 and 2022 week 20 are new; Id 5 (week 1) again, dated in week 20, and
        // Id 17 (week 8) again are duplicates of the table: they change nothing.
        Files.writeString(more, String.join("\n", vote(100, "2022-01-09T23:59:59.999"),
                vote(101, "2021-12-31T23:00:00"), vote(102, "2022-05-16T00:00:00"), vote(103, "2022-05-22T12:00:00"),
                vote(5, "2022-05-16T00:00:00"), vote(17, "2022-02-27T00:00:00")) + "\n");

        CliRunner.Result result = cli.run("ingest", "--db", db.toString(), more.toString());

        assertEquals(ExitCodes.OK, result.exitCode(), result::toString);
        assertTrue(result.err().contains("inserted 4, duplicates 2"), result::toString);
        assertEquals(List.of(List.of(2021, 52, 1L), List.of(2022, 0, 1L), List.of(2022, 1, 4L), List.of(2022, 2, 3L),
                        List.of(2022, 3, 2L), List.of(2022, 4, 2L), List.of(2022, 5, 1L), List.of(2022, 6, 1L),
                        List.of(2022, 7, 2L), List.of(2022, 8, 1L), List.of(2022, 20, 2L)),
                Warehouses.weeklyCounts(db));
        assertEquals(List.of(), Warehouses.weeklyCountsAgainstVotes(db));
    }

    @Test
    void severalFilesOfOneRunAreCountedTogether() throws Exception {
        Path first = dir.resolve("a.jsonl");
        Path second = dir.resolve("b.csv");
        Files.writeString(first, String.join("\n", vote(1, "2022-01-04T10:00:00"), vote(2, "2022-01-11T10:00:00"))
                + "\n");
        // The second file repeats Id 2 (the first file's copy wins) and adds two votes, in another format.
        Files.writeString(second, "Id,PostId,VoteTypeId,CreationDate\n2,1,2,2022-03-01T00:00:00\n"
                + "3,1,2,2022-01-11T12:00:00\n4,1,2,2022-03-01T00:00:00\n");

        CliRunner.Result result = cli.run("ingest", "--db", db.toString(), first.toString(), second.toString());

        assertEquals(ExitCodes.OK, result.exitCode(), result::toString);
        assertTrue(result.err().contains("2 files, read 5, inserted 4, duplicates 1"), result::toString);
        assertEquals(List.of(List.of(2022, 1, 1L), List.of(2022, 2, 2L), List.of(2022, 9, 1L)),
                Warehouses.weeklyCounts(db));
        assertEquals(List.of(), Warehouses.weeklyCountsAgainstVotes(db));
    }

    @Test
    void aRunThatFailsAfterItsCountsWereAddedLeavesThemAsTheyWere() throws Exception {
        cli.run("ingest", "--db", db.toString(), IngestCommandTest.example().toString());
        // A fault after the counts statement, in the same transaction: the quarantine refuses the run's bad line.
        Warehouses.execute(db, "ALTER TABLE blog_analysis.rejected_votes RENAME TO rejected_before",
                "CREATE TABLE blog_analysis.rejected_votes (run_id BIGINT NOT NULL, source_file VARCHAR NOT NULL, "
                        + "line_number BIGINT NOT NULL, raw VARCHAR, reason VARCHAR NOT NULL, CHECK (line_number < 3))",
                "DROP TABLE blog_analysis.rejected_before");
        Path file = dir.resolve("new.jsonl");
        Files.writeString(file, String.join("\n", vote(100, "2022-01-04T10:00:00"), vote(101, "2022-06-01T10:00:00"),
                "not json") + "\n");

        CliRunner.Result result = cli.run("ingest", "-v", "--db", db.toString(), file.toString());

        assertEquals(ExitCodes.FAILURE, result.exitCode(), result::toString);
        assertTrue(result.err().contains("nothing was committed"), result::toString);
        assertEquals(16, Warehouses.count(db, "SELECT count(*) FROM blog_analysis.votes"));
        assertEquals(EXAMPLE_WEEKS, Warehouses.weeklyCounts(db));
        assertEquals(List.of(), Warehouses.weeklyCountsAgainstVotes(db));
        assertEquals(List.of(List.of("failed")), Warehouses.query(db,
                "SELECT status FROM blog_analysis.ingestion_runs WHERE run_id = 2"));
    }

    @Test
    void countsThatCannotBeWrittenFailTheRunAndCommitNothing() throws Exception {
        cli.run("ingest", "--db", db.toString(), IngestCommandTest.example().toString());
        // The counts statement itself fails: a week may hold at most 3 votes, and week 1 would get a fourth.
        Warehouses.execute(db, "DROP VIEW IF EXISTS blog_analysis.outlier_weeks",
                "ALTER TABLE blog_analysis.weekly_vote_counts RENAME TO counts_before",
                "CREATE TABLE blog_analysis.weekly_vote_counts (Year INTEGER NOT NULL, WeekNumber INTEGER NOT NULL, "
                        + "VoteCount BIGINT NOT NULL CHECK (VoteCount <= 3), PRIMARY KEY (Year, WeekNumber))",
                "INSERT INTO blog_analysis.weekly_vote_counts SELECT * FROM blog_analysis.counts_before",
                "DROP TABLE blog_analysis.counts_before");
        Path file = dir.resolve("new.jsonl");
        Files.writeString(file, vote(100, "2022-01-04T10:00:00") + "\n");

        CliRunner.Result result = cli.run("ingest", "--db", db.toString(), file.toString());

        assertEquals(ExitCodes.FAILURE, result.exitCode(), result::toString);
        assertEquals(1, result.err().lines().count(), result::toString);
        assertTrue(result.err().contains("nothing was committed"), result::toString);
        assertEquals(16, Warehouses.count(db, "SELECT count(*) FROM blog_analysis.votes"), "the votes rolled back");
        assertEquals(EXAMPLE_WEEKS, Warehouses.weeklyCounts(db));
        assertEquals(List.of(List.of("failed")), Warehouses.query(db,
                "SELECT status FROM blog_analysis.ingestion_runs WHERE run_id = 2"));
    }

    @Test
    void outliersOnAWarehouseMadeBeforeTheCountsAddsThemAndReplacesTheViewWithTheSameRows() throws Exception {
        cli.run("ingest", "--db", db.toString(), IngestCommandTest.example().toString());
        Warehouses.makeAsBeforeWeeklyCounts(db);
        List<List<Object>> oldViewRows = Warehouses.query(db, "SELECT * FROM blog_analysis.outlier_weeks");
        assertEquals(6, oldViewRows.size(), "the old view works on the old warehouse");

        CliRunner.Result result = cli.run("outliers", "--db", db.toString(), "--format", "csv");

        assertEquals(ExitCodes.OK, result.exitCode(), result::toString);
        assertEquals(EXAMPLE_WEEKS, Warehouses.weeklyCounts(db), "the set-up filled the new table with a recount");
        assertEquals(oldViewRows, Warehouses.query(db, "SELECT * FROM blog_analysis.outlier_weeks"));
        assertEquals(List.of("Year,WeekNumber,VoteCount", "2022,0,1", "2022,1,3", "2022,2,3", "2022,5,1", "2022,6,1",
                "2022,8,1"), result.out().lines().toList());
        String definition = (String) Warehouses.query(db, "SELECT sql FROM duckdb_views() "
                + "WHERE view_name = 'outlier_weeks'").getFirst().getFirst();
        assertTrue(definition.contains("blog_analysis.weekly_vote_counts"), definition);
        assertFalse(definition.contains("strftime"), "the view no longer groups the votes: " + definition);
        assertFalse(Warehouses.query(db, "SELECT comment FROM duckdb_views() WHERE view_name = 'outlier_weeks'")
                .getFirst().getFirst().toString().contains(Warehouses.VIEW_DIGEST_BEFORE_WEEKLY_COUNTS));
        assertFalse(Warehouses.query(db, "SELECT comment FROM duckdb_sequences()").getFirst().getFirst().toString()
                .contains(Warehouses.SCHEMA_DIGEST_BEFORE_WEEKLY_COUNTS), "the schema is marked up to date");

        // The upgraded warehouse goes on like a new one: the next run adds to the counts.
        Path more = dir.resolve("more.jsonl");
        Files.writeString(more, vote(100, "2022-01-04T10:00:00") + "\n");
        assertEquals(ExitCodes.OK, cli.run("ingest", "--db", db.toString(), more.toString()).exitCode());
        assertEquals(List.of(), Warehouses.weeklyCountsAgainstVotes(db));
        assertEquals(List.of(2022, 1, 4L), Warehouses.weeklyCounts(db).get(1));
    }

    @Test
    void anIngestIntoAWarehouseMadeBeforeTheCountsCountsTheOldVotesAndItsOwn() throws Exception {
        cli.run("ingest", "--db", db.toString(), IngestCommandTest.example().toString());
        Warehouses.makeAsBeforeWeeklyCounts(db);
        Path more = dir.resolve("more.jsonl");
        Files.writeString(more, vote(100, "2022-01-04T10:00:00") + "\n" + vote(101, "2022-05-16T10:00:00") + "\n");

        CliRunner.Result result = cli.run("ingest", "--db", db.toString(), more.toString());

        assertEquals(ExitCodes.OK, result.exitCode(), result::toString);
        assertEquals(List.of(), Warehouses.weeklyCountsAgainstVotes(db));
        assertEquals(List.of(List.of(2022, 1, 4L), List.of(2022, 20, 1L)), List.of(Warehouses.weeklyCounts(db).get(1),
                Warehouses.weeklyCounts(db).getLast()));
        // The old view is still the old one until 'votes outliers' replaces it; its rows agree either way.
        List<List<Object>> oldViewRows = Warehouses.query(db, "SELECT * FROM blog_analysis.outlier_weeks");
        assertEquals(ExitCodes.OK, cli.run("outliers", "--db", db.toString()).exitCode());
        assertEquals(oldViewRows, Warehouses.query(db, "SELECT * FROM blog_analysis.outlier_weeks"));
    }

    @Test
    void theRealDatasetGivesTheSameWeeksThroughTheCountsAsByGroupingTheVotes() throws Exception {
        assertEquals(ExitCodes.OK, cli.run("ingest", "--db", db.toString(), RealDatasetTest.DATASET.toString())
                .exitCode());

        assertEquals(List.of(), Warehouses.weeklyCountsAgainstVotes(db));
        assertEquals(239, Warehouses.weeklyCounts(db).size());
        assertEquals(40_299, Warehouses.count(db, "SELECT sum(VoteCount) FROM blog_analysis.weekly_vote_counts"));
    }
}
