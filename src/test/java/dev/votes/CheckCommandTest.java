package dev.votes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.votes.cli.exit.ExitCodes;
import dev.votes.warehouse.SqlStatement;
import io.quarkus.test.junit.QuarkusTest;

/**
 * {@code votes check} in-process: clean warehouses pass (the real dataset too); each kind of corruption, made with bare
 * JDBC, fails its own check with exit 5 and a detail naming the problem, while the other checks keep passing.
 */
@QuarkusTest
class CheckCommandTest extends InProcessCommandTest {

    private static final List<String> CHECKS = List.of("tables", "unique-ids", "required-values", "date-range",
            "ledger-arithmetic", "ledger-vs-votes", "weekly-counts", "outlier-view", "rejects", "unfinished-runs",
            "storage-version");

    /** Year and week of a vote with weeks starting on Sunday (%U): a plausible bug, not the definition (%W). */
    private static final String SUNDAY_WEEK_KEYS = "CAST(strftime(CreationDate, '%Y') AS INTEGER) AS Year, "
            + "CAST(strftime(CreationDate, '%U') AS INTEGER) AS WeekNumber";

    /** A vote as a row of blog_analysis.votes, for faults inserted with bare JDBC. */
    private static final String VOTE_ROW = "INSERT INTO blog_analysis.votes VALUES (%d, 1, 2, NULL, NULL, TIMESTAMP '%s', %d)";

    @Test
    void aCleanWarehousePassesEveryCheckAsATable() throws Exception {
        ingestExampleAndOutliers();

        CliRunner.Result result = cli.run("check", "--db", db.toString());

        assertEquals(ExitCodes.OK, result.exitCode(), result::toString);
        List<String> lines = result.out().lines().toList();
        assertTrue(lines.get(0).strip().matches("check +status +detail"), result::toString);
        assertEquals(CHECKS, lines.subList(2, 13).stream().map(line -> line.split(" +")[0]).toList());
        assertTrue(lines.subList(2, 13).stream().allMatch(line -> line.split(" +")[1].equals("PASS")), result::toString);
        assertEquals("(11 rows)", lines.get(13));
        assertEquals(List.of("check PASS: 11 checks, 0 failed, 0 warned, 11 passed"), result.err().lines().toList());
        Map<String, List<String>> checks = checks(cli.run("check", "--db", db.toString(), "--format", "json"));
        assertEquals("all votes between 2022-01-02 00:00:00 and 2022-02-27 00:00:00 UTC, within 2008-07-31 .. now",
                checks.get("date-range").get(1));
        assertEquals("the view (6 weeks) equals a recomputation", checks.get("outlier-view").get(1));
        assertEquals("the weekly counts (9 weeks, 16 votes) equal a count of the votes",
                checks.get("weekly-counts").get(1));
        assertEquals("the votes table's 16 rows are exactly what the successful runs inserted, run by run",
                checks.get("ledger-vs-votes").get(1));
    }

    @Test
    void theRealDatasetPassesAfterOutliers() throws Exception {
        assertEquals(ExitCodes.OK, cli.run("ingest", "--db", db.toString(), RealDatasetTest.DATASET.toString()).exitCode());
        assertEquals(ExitCodes.OK, cli.run("ingest", "--db", db.toString(), RealDatasetTest.DATASET.toString()).exitCode());
        assertEquals(ExitCodes.OK, cli.run("outliers", "--db", db.toString()).exitCode());

        CliRunner.Result result = cli.run("check", "--db", db.toString(), "--format", "json");

        assertEquals(ExitCodes.OK, result.exitCode(), result::toString);
        JsonNode report = new ObjectMapper().readTree(result.out());
        assertEquals("PASS", report.get("status").asText(), result::toString);
        Map<String, List<String>> checks = checks(result);
        assertEquals(CHECKS, List.copyOf(checks.keySet()));
        checks.forEach((check, outcome) -> assertEquals("PASS", outcome.get(0), check + ": " + outcome));
        assertEquals("the view (" + IndependentOutliers.compute(RealDatasetTest.DATASET).size()
                + " weeks) equals a recomputation", checks.get("outlier-view").get(1));
        assertEquals("the votes table's 40299 rows are exactly what the successful runs inserted, run by run",
                checks.get("ledger-vs-votes").get(1));
        assertEquals("the weekly counts (239 weeks, 40299 votes) equal a count of the votes",
                checks.get("weekly-counts").get(1));
    }

    @Test
    void theJsonReportIsAStatusAndTheChecksAsPlainObjects() throws Exception {
        ingestExampleAndOutliers();

        CliRunner.Result result = cli.run("check", "--db", db.toString(), "--format", "json");

        JsonNode report = new ObjectMapper().readTree(result.out());
        assertEquals(List.of("status", "storage_version", "oldest_duckdb", "checks"), fieldNames(report));
        assertEquals("v1.0.0", report.get("storage_version").asText());
        assertEquals("1.0.0", report.get("oldest_duckdb").asText());
        assertEquals(11, report.get("checks").size());
        for (JsonNode check : report.get("checks")) {
            assertEquals(List.of("check", "status", "detail"), fieldNames(check));
        }
        assertEquals("tables", report.get("checks").get(0).get("check").asText());
    }

    @Test
    void csvAndMarkdownCarryTheSameRows() throws Exception {
        ingestExampleAndOutliers();

        CliRunner.Result csv = cli.run("check", "--db", db.toString(), "--format", "csv");
        CliRunner.Result markdown = cli.run("check", "--db", db.toString(), "--format", "markdown");

        assertEquals(ExitCodes.OK, csv.exitCode(), csv::toString);
        assertEquals("check,status,detail", csv.out().lines().findFirst().orElseThrow());
        assertEquals("unique-ids,PASS,every Id occurs once", csv.out().lines().skip(2).findFirst().orElseThrow());
        assertEquals(12, csv.out().lines().count());
        assertEquals(List.of("| check | status | detail |", "| --- | --- | --- |"),
                markdown.out().lines().limit(2).toList());
        assertEquals(13, markdown.out().lines().count());
    }

    @Test
    void aMissingViewAndQuarantinedLinesWarnButDoNotFail() throws Exception {
        Path bad = dir.resolve("bad.jsonl");
        Files.writeString(bad, String.join("\n", IngestCommandTest.vote(1), "not json", "{oops",
                "{\"Id\":\"x\",\"PostId\":\"1\",\"VoteTypeId\":\"2\",\"CreationDate\":\"2022-01-02\"}",
                IngestCommandTest.vote(2)) + "\n");
        assertEquals(ExitCodes.COMMITTED_WITH_REJECTS, cli.run("ingest", "--db", db.toString(), bad.toString()).exitCode());

        CliRunner.Result result = cli.run("check", "--db", db.toString(), "--format", "json");

        assertEquals(ExitCodes.OK, result.exitCode(), result::toString);
        assertEquals("WARN", new ObjectMapper().readTree(result.out()).get("status").asText());
        Map<String, List<String>> checks = checks(result);
        assertEquals(List.of("WARN", "blog_analysis.outlier_weeks is missing (run 'votes outliers')"),
                checks.get("outlier-view"));
        assertEquals(List.of("WARN", "3 quarantined lines, top reasons: malformed JSON (2), Id is not an integer (1) "
                + "(see 'votes rejects')"), checks.get("rejects"));
        assertEquals(List.of("outlier-view", "rejects"), failedOrWarned(checks));
        assertTrue(result.err().contains("check WARN: 11 checks, 0 failed, 2 warned, 9 passed"), result::toString);
    }

    @Test
    void aMissingTableFailsAndTheChecksThatNeedItAreNotChecked() throws Exception {
        ingestExampleAndOutliers();
        Warehouses.execute(db, "DROP TABLE blog_analysis.rejected_votes");

        Map<String, List<String>> checks = failingChecks();

        assertEquals(List.of("FAIL", "missing blog_analysis.rejected_votes (run 'votes ingest FILE')"), checks.get("tables"));
        assertEquals(List.of("WARN", "not checked: blog_analysis.rejected_votes is missing"), checks.get("rejects"));
        assertEquals(List.of("tables", "rejects"), failedOrWarned(checks));
    }

    @Test
    void aDuplicateIdFailsUniqueIds() throws Exception {
        ingestExampleAndOutliers();
        // Without the primary key a second row with Id 5 fits; the ledger is adjusted so only the duplicate is wrong.
        recreateVotesTableWithoutConstraints();
        Warehouses.execute(db, VOTE_ROW.formatted(5, "2022-01-09 00:00:00", 1),
                "UPDATE blog_analysis.ingestion_runs SET rows_read = 17, rows_inserted = 17 WHERE run_id = 1");
        recount();

        CliRunner.Result result = cli.run("check", "--db", db.toString(), "--format", "json");

        assertEquals(ExitCodes.CHECK_FAILED, result.exitCode(), result::toString);
        Map<String, List<String>> checks = checks(result);
        assertEquals(List.of("FAIL", "1 Id occurs more than once (1 extra row), first Id 5"), checks.get("unique-ids"));
        assertEquals(List.of("unique-ids"), failedOrWarned(checks));
        assertTrue(result.err().contains("check FAIL: 11 checks, 1 failed, 0 warned, 10 passed"), result::toString);
    }

    @Test
    void nullsInRequiredColumnsFailRequiredValues() throws Exception {
        ingestExampleAndOutliers();
        recreateVotesTableWithoutConstraints();
        Warehouses.execute(db,
                "INSERT INTO blog_analysis.votes VALUES (100, NULL, 2, NULL, NULL, TIMESTAMP '2022-01-09 00:00:00', 1)",
                "INSERT INTO blog_analysis.votes VALUES (101, NULL, NULL, NULL, NULL, TIMESTAMP '2022-01-09 00:00:00', 1)",
                "UPDATE blog_analysis.ingestion_runs SET rows_read = 18, rows_inserted = 18 WHERE run_id = 1");
        recount();

        Map<String, List<String>> checks = failingChecks();

        assertEquals(List.of("FAIL", "PostId is NULL in 2 rows, VoteTypeId is NULL in 1 row"),
                checks.get("required-values"));
        assertEquals(List.of("required-values"), failedOrWarned(checks));
    }

    @Test
    void votesInTheFutureOrBeforeStackOverflowFailDateRange() throws Exception {
        ingestExampleAndOutliers();
        // The floor itself, 2008-07-31 00:00, is plausible; a second before it is not.
        Warehouses.execute(db, VOTE_ROW.formatted(100, "2999-01-01 00:00:00", 1),
                VOTE_ROW.formatted(101, "2008-07-30 23:59:59", 1),
                VOTE_ROW.formatted(102, "2008-07-31 00:00:00", 1),
                VOTE_ROW.formatted(103, "2001-01-01 00:00:00", 1),
                "UPDATE blog_analysis.ingestion_runs SET rows_read = 20, rows_inserted = 20 WHERE run_id = 1");
        recount();

        Map<String, List<String>> checks = failingChecks();

        assertEquals(List.of("FAIL", "1 vote dated in the future (first Id 100), 2 votes dated before 2008-07-31 "
                + "(first Id 101)"), checks.get("date-range"));
        assertEquals(List.of("date-range"), failedOrWarned(checks));
    }

    @Test
    void aLedgerRowWhoseCountsDoNotAddUpFailsLedgerArithmetic() throws Exception {
        ingestExampleAndOutliers();
        Warehouses.execute(db, "UPDATE blog_analysis.ingestion_runs SET rows_read = 17 WHERE run_id = 1");

        Map<String, List<String>> checks = failingChecks();

        assertEquals(List.of("FAIL", "run 1: rows_read 17 <> rows_inserted 16 + duplicates_skipped 0 + rows_rejected 0"),
                checks.get("ledger-arithmetic"));
        assertEquals(List.of("ledger-arithmetic"), failedOrWarned(checks));
    }

    @Test
    void aTamperedRowsInsertedFailsLedgerVsVotesNamingTheRun() throws Exception {
        ingestExampleAndOutliers();
        assertEquals(ExitCodes.OK, cli.run("ingest", "--db", db.toString(), "--force",
                IngestCommandTest.example().toString()).exitCode());
        // Run 2 inserted nothing; claim it inserted one row (and keep its arithmetic right).
        Warehouses.execute(db, "UPDATE blog_analysis.ingestion_runs SET rows_inserted = 1, duplicates_skipped = 15 "
                + "WHERE run_id = 2");

        Map<String, List<String>> checks = failingChecks();

        assertEquals(List.of("FAIL", "the successful runs inserted 17 rows by the ledger, the votes table has 16; "
                + "run 2: the ledger says rows_inserted 1, but the votes table holds 0 of its rows"),
                checks.get("ledger-vs-votes"));
        assertEquals(List.of("ledger-vs-votes"), failedOrWarned(checks));
    }

    @Test
    void rowsOfAnUnknownOrUnsuccessfulRunFailLedgerVsVotes() throws Exception {
        ingestExampleAndOutliers();
        Warehouses.execute(db, VOTE_ROW.formatted(100, "2022-01-09 00:00:00", 42));
        recount();

        Map<String, List<String>> unknown = checks(cli.run("check", "--db", db.toString(), "--format", "json"));

        assertEquals(List.of("FAIL", "the successful runs inserted 16 rows by the ledger, the votes table has 17; "
                + "run 42: the votes table holds 1 of its rows, but the ledger has no such run"),
                unknown.get("ledger-vs-votes"));
        assertEquals(List.of("ledger-vs-votes"), failedOrWarned(unknown));

        Warehouses.execute(db, "DELETE FROM blog_analysis.votes WHERE Id = 100",
                "UPDATE blog_analysis.ingestion_runs SET status = 'failed' WHERE run_id = 1");

        CliRunner.Result result = cli.run("check", "--db", db.toString(), "--format", "json");

        assertEquals(ExitCodes.CHECK_FAILED, result.exitCode(), result::toString);
        Map<String, List<String>> failed = checks(result);
        assertEquals(List.of("FAIL", "the successful runs inserted 0 rows by the ledger, the votes table has 16; "
                + "run 1: the votes table holds 16 of its rows, but its status is failed"), failed.get("ledger-vs-votes"));
    }

    @Test
    void aViewWithSundayWeeksFailsOutlierView() throws Exception {
        ingestExampleAndOutliers();
        // A plausible bug: %U (weeks starting on Sunday) instead of %W. Every example vote falls on a Sunday. The view
        // is the tool's own, over weeks counted that way instead of the (correct) weekly counts table.
        Warehouses.execute(db, SqlStatement.of("outlier_weeks/create_outlier_weeks_view").text().replace(
                "blog_analysis.weekly_vote_counts", "(SELECT " + SUNDAY_WEEK_KEYS + ", count(*) AS VoteCount "
                        + "FROM blog_analysis.votes GROUP BY ALL)"));

        Map<String, List<String>> checks = failingChecks();

        assertEquals("FAIL", checks.get("outlier-view").get(0));
        assertTrue(checks.get("outlier-view").get(1).startsWith("the view differs from a recomputation in "),
                checks::toString);
        assertEquals(List.of("outlier-view"), failedOrWarned(checks));
    }

    @Test
    void weeklyCountsOfSundayWeeksFailWeeklyCountsAndTheViewThatReadsThem() throws Exception {
        ingestExampleAndOutliers();
        // The same bug in the counts table the view reads: weeks starting on Sunday.
        Warehouses.execute(db, "DELETE FROM blog_analysis.weekly_vote_counts",
                "INSERT INTO blog_analysis.weekly_vote_counts SELECT " + SUNDAY_WEEK_KEYS + ", count(*) "
                        + "FROM blog_analysis.votes GROUP BY ALL");

        Map<String, List<String>> checks = failingChecks();

        assertEquals(List.of("FAIL", "the weekly counts differ from a count of the votes in 7 weeks: first, 2022 week 0, "
                + "with 1 vote, is missing from the table (run 'votes recount' to rebuild them from the votes)"),
                checks.get("weekly-counts"));
        assertEquals("FAIL", checks.get("outlier-view").get(0));
        assertTrue(checks.get("outlier-view").get(1).endsWith("(the weekly counts it reads are not exact: run 'votes "
                + "recount')"), checks::toString);
        assertEquals(List.of("weekly-counts", "outlier-view"), failedOrWarned(checks));
    }

    @Test
    void votesDeletedBehindTheToolsBackFailWeeklyCountsUntilRecount() throws Exception {
        ingestExampleAndOutliers();
        // A user's own DuckDB session deletes the only vote of 2022 week 8 (and keeps the ledger right).
        Warehouses.execute(db, "DELETE FROM blog_analysis.votes WHERE Id = 17",
                "UPDATE blog_analysis.ingestion_runs SET rows_read = 15, rows_inserted = 15 WHERE run_id = 1");

        Map<String, List<String>> checks = failingChecks();

        assertEquals(List.of("FAIL", "the weekly counts differ from a count of the votes in 1 week: first, 2022 week 8 "
                + "is in the table with 1 vote but has no votes (run 'votes recount' to rebuild them from the votes)"),
                checks.get("weekly-counts"));
        // The view reads the stale counts: with 15 votes in 8 weeks, week 8 is no outlier week any more.
        assertEquals(List.of("FAIL", "the view differs from a recomputation in 1 row: first, 2022 week 8 with 1 vote "
                + "is in the view but is not an outlier week (the weekly counts it reads are not exact: run 'votes "
                + "recount')"), checks.get("outlier-view"));
        assertEquals(List.of("weekly-counts", "outlier-view"), failedOrWarned(checks));

        CliRunner.Result recount = cli.run("recount", "--db", db.toString());

        assertEquals(ExitCodes.OK, recount.exitCode(), recount::toString);
        CliRunner.Result result = cli.run("check", "--db", db.toString(), "--format", "json");
        assertEquals(ExitCodes.OK, result.exitCode(), result::toString);
        Map<String, List<String>> after = checks(result);
        assertEquals(List.of(), failedOrWarned(after), "every check passes, without recreating the view");
        assertEquals(List.of("PASS", "the weekly counts (8 weeks, 15 votes) equal a count of the votes"),
                after.get("weekly-counts"));
        assertEquals(List.of("PASS", "the view (5 weeks) equals a recomputation"), after.get("outlier-view"));
    }

    @Test
    void aWarehouseMadeBeforeTheWeeklyCountsWarnsUntilAWritingCommandAddsThem() throws Exception {
        ingestExampleAndOutliers();
        Warehouses.makeAsBeforeWeeklyCounts(db);

        CliRunner.Result result = cli.run("check", "--db", db.toString(), "--format", "json");

        assertEquals(ExitCodes.OK, result.exitCode(), result::toString);
        Map<String, List<String>> checks = checks(result);
        assertEquals(List.of("WARN", "blog_analysis.weekly_vote_counts is missing (the warehouse was made by an older "
                + "votes; run 'votes recount' to add it)"), checks.get("weekly-counts"));
        assertEquals(List.of("weekly-counts"), failedOrWarned(checks), "the old view passes: it groups the votes");

        assertEquals(ExitCodes.OK, cli.run("outliers", "--db", db.toString()).exitCode());

        assertEquals(List.of(), failedOrWarned(checks(cli.run("check", "--db", db.toString(), "--format", "json"))));
    }

    @Test
    void aViewWithAnExtraOrAMissingWeekFailsOutlierViewNamingTheWeek() throws Exception {
        ingestExampleAndOutliers();
        Warehouses.execute(db, "ALTER VIEW blog_analysis.outlier_weeks RENAME TO right_weeks",
                "CREATE VIEW blog_analysis.outlier_weeks AS SELECT * FROM blog_analysis.right_weeks "
                        + "WHERE WeekNumber <> 8 UNION ALL SELECT 2022, 4, 2");

        Map<String, List<String>> checks = checks(cli.run("check", "--db", db.toString(), "--format", "json"));

        assertEquals(List.of("FAIL", "the view differs from a recomputation in 2 rows: first, 2022 week 4 with 2 votes "
                + "is in the view but is not an outlier week (run 'votes outliers' to recreate it)"),
                checks.get("outlier-view"));

        Warehouses.execute(db, "CREATE OR REPLACE VIEW blog_analysis.outlier_weeks AS "
                + "SELECT * FROM blog_analysis.right_weeks WHERE WeekNumber <> 8");

        assertEquals(List.of("FAIL", "the view differs from a recomputation in 1 row: first, 2022 week 8 with 1 vote "
                + "is an outlier week but missing from the view (run 'votes outliers' to recreate it)"),
                checks(cli.run("check", "--db", db.toString(), "--format", "json")).get("outlier-view"));
    }

    @Test
    void aWeekExactlyTwentyPercentOffTheMeanIsNoOutlierInTheRecomputationEither() throws Exception {
        // Weeks 1 and 2 of 2022 with 6 and 4 votes: the mean is 5, both weeks deviate by exactly 20%, neither is listed.
        Path file = dir.resolve("boundary.jsonl");
        List<String> lines = new ArrayList<>();
        for (int id = 1; id <= 10; id++) {
            lines.add(IngestCommandTest.vote(id).replace("2022-01-02", id <= 6 ? "2022-01-04" : "2022-01-11"));
        }
        Files.writeString(file, String.join("\n", lines) + "\n");
        cli.run("ingest", "--db", db.toString(), file.toString());
        cli.run("outliers", "--db", db.toString());

        CliRunner.Result result = cli.run("check", "--db", db.toString(), "--format", "json");

        assertEquals(ExitCodes.OK, result.exitCode(), result::toString);
        assertEquals(List.of("PASS", "the view (0 weeks) equals a recomputation"), checks(result).get("outlier-view"));
    }

    @Test
    void aQuarantinedLineOfAnUnknownRunOrAMiscountFailsRejects() throws Exception {
        ingestExampleAndOutliers();
        Warehouses.execute(db, "INSERT INTO blog_analysis.rejected_votes VALUES (99, '/x.jsonl', 1, 'oops', 'malformed JSON')");

        CliRunner.Result result = cli.run("check", "--db", db.toString(), "--format", "json");

        assertEquals(ExitCodes.CHECK_FAILED, result.exitCode(), result::toString);
        Map<String, List<String>> orphan = checks(result);
        assertEquals(List.of("FAIL", "run 99: rejected_votes holds 1 of its lines, but the ledger has no such run"),
                orphan.get("rejects"));
        assertEquals(List.of("rejects"), failedOrWarned(orphan));

        Warehouses.execute(db, "UPDATE blog_analysis.rejected_votes SET run_id = 1");

        assertEquals(List.of("FAIL", "run 1: the ledger says rows_rejected 0, but rejected_votes holds 1 of its lines"),
                checks(cli.run("check", "--db", db.toString(), "--format", "json")).get("rejects"));
    }

    @Test
    void failedAndRunningRunsWarnWithTheirIds() throws Exception {
        ingestExampleAndOutliers();
        // A real failure (a stricter table refuses a row mid-load), then a run that died while running.
        Path file = dir.resolve("big-ids.jsonl");
        Files.writeString(file, IngestCommandTest.vote(5000) + "\n");
        Warehouses.refuseIdsFrom(db, 1000);
        assertEquals(ExitCodes.FAILURE, cli.run("ingest", "--db", db.toString(), file.toString()).exitCode());
        Warehouses.execute(db, "INSERT INTO blog_analysis.ingestion_runs (run_id, started_at, status, files, tool_version) "
                + "VALUES (3, TIMESTAMP '2026-01-01 00:00:00', 'running', ['/x.jsonl'], 'test')");

        CliRunner.Result result = cli.run("check", "--db", db.toString(), "--format", "json");

        assertEquals(ExitCodes.OK, result.exitCode(), result::toString);
        Map<String, List<String>> checks = checks(result);
        assertEquals(List.of("WARN", "2 runs did not succeed, none of their rows were committed: 2 failed, 3 running "
                + "(see 'votes runs')"), checks.get("unfinished-runs"));
        assertEquals(List.of("unfinished-runs"), failedOrWarned(checks));
    }

    @Test
    void aCheckWhoseStatementFailsIsAFailWithTheDatabaseMessage() throws Exception {
        ingestExampleAndOutliers();
        Warehouses.execute(db, "ALTER TABLE blog_analysis.votes DROP COLUMN PostId");

        CliRunner.Result result = cli.run("check", "--db", db.toString(), "--format", "json");

        assertEquals(ExitCodes.CHECK_FAILED, result.exitCode(), result::toString);
        List<String> outcome = checks(result).get("required-values");
        assertEquals("FAIL", outcome.get(0));
        assertTrue(outcome.get(1).startsWith("could not run: ") && outcome.get(1).contains("PostId"), outcome::toString);
        assertEquals("PASS", checks(result).get("unique-ids").get(0), "the other checks still run");
    }

    @Test
    void checkingDoesNotChangeTheWarehouseFile() throws Exception {
        ingestExampleAndOutliers();
        byte[] before = Files.readAllBytes(db);

        CliRunner.Result result = cli.run("check", "--db", db.toString());

        assertEquals(ExitCodes.OK, result.exitCode(), result::toString);
        assertTrue(Arrays.equals(before, Files.readAllBytes(db)), "the warehouse file is unchanged");
        assertTrue(Files.notExists(dir.resolve("warehouse.db.wal")));
    }

    @Test
    void aMissingWarehouseIsOneLineAndIsNotCreated() {
        CliRunner.Result result = cli.run("check", "--db", db.toString());

        assertEquals(ExitCodes.FAILURE, result.exitCode(), result::toString);
        assertEquals(1, result.err().lines().count(), result::toString);
        assertTrue(result.err().startsWith("votes: no warehouse at " + db), result::toString);
        assertEquals("", result.out());
        assertTrue(Files.notExists(db));
    }

    @Test
    void helpListsTheInspectingCommandsAndExitCodeFive() {
        CliRunner.Result result = cli.run("--help");

        assertEquals(ExitCodes.OK, result.exitCode(), result::toString);
        assertTrue(result.out().contains("runs") && result.out().contains("rejects") && result.out().contains("check"),
                result::toString);
        assertTrue(result.out().lines().anyMatch(line -> line.strip().matches("5\\s+check found a failing check")),
                result::toString);
    }

    /** 'votes recount' after a change to the votes behind the tool's back, so that only the check under test fails. */
    private void recount() {
        CliRunner.Result result = cli.run("recount", "--db", db.toString());
        assertEquals(ExitCodes.OK, result.exitCode(), result::toString);
    }

    private void ingestExampleAndOutliers() {
        assertEquals(ExitCodes.OK, cli.run("ingest", "--db", db.toString(), IngestCommandTest.example().toString())
                .exitCode());
        assertEquals(ExitCodes.OK, cli.run("outliers", "--db", db.toString()).exitCode());
    }

    /** Replaces the votes table by one with the same columns and rows but no primary key and no NOT NULLs. */
    private void recreateVotesTableWithoutConstraints() throws Exception {
        Warehouses.execute(db, "ALTER TABLE blog_analysis.votes RENAME TO votes_before",
                "CREATE TABLE blog_analysis.votes (Id BIGINT, PostId BIGINT, VoteTypeId INTEGER, UserId BIGINT, "
                        + "BountyAmount INTEGER, CreationDate TIMESTAMP, IngestionRunId BIGINT)",
                "INSERT INTO blog_analysis.votes SELECT * FROM blog_analysis.votes_before",
                "DROP TABLE blog_analysis.votes_before");
    }

    /** Runs {@code check --format json}, which must fail with exit 5, and returns its checks. */
    private Map<String, List<String>> failingChecks() throws Exception {
        CliRunner.Result result = cli.run("check", "--db", db.toString(), "--format", "json");
        assertEquals(ExitCodes.CHECK_FAILED, result.exitCode(), result::toString);
        return checks(result);
    }

    /** The JSON report's checks, in order: name to [status, detail]. */
    private static Map<String, List<String>> checks(CliRunner.Result result) throws Exception {
        Map<String, List<String>> checks = new LinkedHashMap<>();
        for (JsonNode check : new ObjectMapper().readTree(result.out()).get("checks")) {
            checks.put(check.get("check").asText(), List.of(check.get("status").asText(), check.get("detail").asText()));
        }
        return checks;
    }

    /** The names of the checks that did not pass, in order. */
    private static List<String> failedOrWarned(Map<String, List<String>> checks) {
        return checks.entrySet().stream().filter(entry -> !entry.getValue().get(0).equals("PASS"))
                .map(Map.Entry::getKey).toList();
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
