package dev.votes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.votes.cli.exit.ExitCodes;
import dev.votes.config.Environment;
import io.quarkus.test.junit.QuarkusTest;

/**
 * {@code votes ingest --commit-every FILES} in-process against real DuckDB files: a backfill committed in steps ends
 * with exactly what one all-or-nothing run gives, and one that fails at a step keeps the steps before it, says so, and
 * resumes when the same command runs again.
 */
@QuarkusTest
class CommitEveryTest extends InProcessCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The vote columns, without IngestionRunId (a backfill's rows belong to its steps' runs). */
    private static final String VOTES = "SELECT Id, PostId, VoteTypeId, UserId, BountyAmount, CreationDate::VARCHAR "
            + "FROM blog_analysis.votes ORDER BY Id";
    private static final String REJECTS = "SELECT source_file, line_number, raw, reason FROM blog_analysis.rejected_votes "
            + "ORDER BY source_file, line_number";

    @Test
    void aBackfillInStepsOfOneFileEndsWithExactlyTheRowsRejectsAndCountsOfOneRun() throws Exception {
        List<Path> files = backfill();
        Path single = dir.resolve("single.db");

        CliRunner.Result steps = cli.run(ingest(db, "--commit-every", "1", "--format", "json", files));
        CliRunner.Result one = cli.run(ingest(single, "--format", "json", files));

        assertEquals(ExitCodes.COMMITTED_WITH_REJECTS, steps.exitCode(), steps::toString);
        assertEquals(ExitCodes.COMMITTED_WITH_REJECTS, one.exitCode(), one::toString);
        assertEquals(Warehouses.query(single, VOTES), Warehouses.query(db, VOTES));
        assertEquals(Warehouses.query(single, REJECTS), Warehouses.query(db, REJECTS));
        assertEquals(List.of(List.of(1L, 1L, 2)), Warehouses.query(db, "SELECT Id, PostId, VoteTypeId "
                + "FROM blog_analysis.votes WHERE Id = 1"), "the first occurrence of Id 1 (a.jsonl) wins across steps");
        assertEquals(List.of(List.of(b(files).toString(), 2L, "not json", "malformed JSON")), Warehouses.query(db, REJECTS));

        JsonNode backfill = JSON.readTree(steps.out());
        JsonNode run = JSON.readTree(one.out());
        for (String count : List.of("status", "rows_read", "rows_inserted", "duplicates_skipped", "rows_rejected",
                "files", "files_skipped", "unknown_fields")) {
            assertEquals(run.get(count), backfill.get(count), count);
        }
        assertEquals("read 9, inserted 6, duplicates 2, rejected 1", countsOf(one.err()));
        assertEquals(1, steps.err().lines().count(), steps::toString);
        assertTrue(steps.err().startsWith("ingest runs 1-4 succeeded_with_rejects: 4 files in 4 steps, read 9, "
                + "inserted 6, duplicates 2, rejected 1 in "), steps::toString);

        // Each step is a run of its own with its own file, rows, rejects and file-ledger row.
        assertEquals(4, backfill.get("steps_planned").asInt());
        assertEquals(4, backfill.get("steps").size());
        assertEquals(1, backfill.get("run_id").asLong(), "the backfill is named by its first step's run");
        List<List<Object>> ledger = new ArrayList<>();
        for (int step = 0; step < 4; step++) {
            JsonNode summary = backfill.get("steps").get(step);
            assertEquals(step + 1, summary.get("run_id").asLong());
            assertEquals(List.of(files.get(step).toString()), List.of(summary.get("files").get(0).asText()));
            ledger.add(List.of((long) step + 1, summary.get("status").asText(), summary.get("rows_read").asLong(),
                    summary.get("rows_inserted").asLong(), summary.get("duplicates_skipped").asLong(),
                    summary.get("rows_rejected").asLong(), files.get(step).toString()));
        }
        assertEquals(List.of(
                        List.of(1L, "succeeded", 2L, 2L, 0L, 0L, files.get(0).toString()),
                        List.of(2L, "succeeded_with_rejects", 3L, 2L, 0L, 1L, files.get(1).toString()),
                        List.of(3L, "succeeded", 3L, 1L, 2L, 0L, files.get(2).toString()),
                        List.of(4L, "succeeded", 1L, 1L, 0L, 0L, files.get(3).toString())),
                ledger);
        assertEquals(ledger, Warehouses.query(db, "SELECT run_id, status, rows_read, rows_inserted, duplicates_skipped, "
                + "rows_rejected, files[1] FROM blog_analysis.ingestion_runs ORDER BY run_id"));
        assertEquals(List.of(List.of(files.get(0).toString(), 1L), List.of(files.get(1).toString(), 2L),
                        List.of(files.get(2).toString(), 3L), List.of(files.get(3).toString(), 4L)),
                Warehouses.query(db, "SELECT path, run_id FROM blog_analysis.ingested_files ORDER BY run_id"));
        assertEquals(List.of(List.of(2L)), Warehouses.query(db, "SELECT DISTINCT run_id FROM blog_analysis.rejected_votes"));
        assertNotEquals(ExitCodes.CHECK_FAILED, cli.run("check", "--db", db.toString()).exitCode(),
                "the ledger, the votes and the quarantine reconcile run by run");

        CliRunner.Result again = cli.run(ingest(db, "--commit-every", "1", files));
        assertEquals(ExitCodes.OK, again.exitCode(), again::toString);
        assertTrue(again.err().startsWith("ingest run 5 succeeded: 4 files, read 0, inserted 0, duplicates 0, "
                + "rejected 0, skipped 4 unchanged file(s)"), again::toString);
    }

    @Test
    void stepsOfTwoFilesCommitTwoFilesPerRunAndTheLastStepTakesTheRest() throws Exception {
        List<Path> files = backfill();
        Path extra = dir.resolve("e.jsonl");
        Files.writeString(extra, IngestCommandTest.vote(7) + "\n");
        List<Path> five = new ArrayList<>(files);
        five.add(extra);

        CliRunner.Result result = cli.run(ingest(db, "--commit-every", "2", "--format", "csv", five));

        assertEquals(ExitCodes.COMMITTED_WITH_REJECTS, result.exitCode(), result::toString);
        assertEquals(List.of(List.of(1L, 2L), List.of(2L, 2L), List.of(3L, 1L)), Warehouses.query(db,
                "SELECT run_id, len(files) FROM blog_analysis.ingestion_runs ORDER BY run_id"));
        List<String> csv = result.out().lines().toList();
        assertTrue(csv.get(0).endsWith(",unknown_fields,steps,steps_planned"), result::toString);
        assertTrue(csv.get(1).endsWith(",1 2 3,3"), result::toString);
    }

    @Test
    void filesThatFitInOneStepAreOneRunExactlyAsWithoutTheOption() throws Exception {
        List<Path> files = backfill();

        CliRunner.Result result = cli.run(ingest(db, "--commit-every", "4", "--format", "json", files));

        assertEquals(ExitCodes.COMMITTED_WITH_REJECTS, result.exitCode(), result::toString);
        assertTrue(result.err().startsWith("ingest run 1 succeeded_with_rejects: 4 files, read 9, "), result::toString);
        JsonNode summary = JSON.readTree(result.out());
        assertFalse(summary.has("steps"), result::toString);
        assertEquals(List.of(List.of(1L, 4L)), Warehouses.query(db,
                "SELECT run_id, len(files) FROM blog_analysis.ingestion_runs"));
    }

    @Test
    void aBackfillThatFailsAtAStepKeepsTheStepsBeforeItSaysSoAndTheSameCommandResumes() throws Exception {
        List<Path> files = backfill();
        Path seed = dir.resolve("seed.jsonl");
        Files.writeString(seed, IngestCommandTest.vote(500) + "\n");
        Path single = dir.resolve("single.db");
        for (Path warehouse : List.of(db, single)) {
            assertEquals(ExitCodes.OK, cli.run("ingest", "--db", warehouse.toString(), seed.toString()).exitCode());
        }
        // A real fault at step 3: a stricter votes table refuses the Id 1000 of c.jsonl inside that step's insert.
        Warehouses.refuseIdsFrom(db, 1000);
        String[] command = ingest(db, "--commit-every", "1", "--format", "json", files);

        CliRunner.Result failed = cli.run(command);

        assertEquals(ExitCodes.PARTLY_COMMITTED, failed.exitCode(), failed::toString);
        assertEquals(1, failed.err().lines().count(), failed::toString);
        String line = failed.err().strip();
        assertFalse(line.contains("nothing was committed"), line);
        assertTrue(line.startsWith("votes: ingest steps 1-2 of 4 committed as runs 2-3: 2 files, read 5, inserted 4, "
                + "duplicates 0, rejected 1 in "), line);
        assertTrue(line.contains("; step 3 of 4 (run 4, 1 file(s) from " + files.get(2) + ") failed and was rolled "
                + "back, the ledger records run 4 as failed: "), line);
        assertTrue(line.contains("Constraint Error"), "names the cause: " + line);
        assertTrue(line.endsWith("; run the same command again (without --force) to load the rest: the committed "
                + "files are skipped as unchanged"), line);
        JsonNode partly = JSON.readTree(failed.out());
        assertEquals("failed", partly.get("status").asText());
        assertEquals(2, partly.get("steps").size());
        assertEquals(4, partly.get("steps_planned").asInt());
        assertEquals(4, partly.get("rows_inserted").asLong());
        assertEquals(List.of(List.of(2L, "succeeded", false), List.of(3L, "succeeded_with_rejects", false),
                        List.of(4L, "failed", true)),
                Warehouses.query(db, "SELECT run_id, status, error IS NOT NULL FROM blog_analysis.ingestion_runs "
                        + "WHERE run_id > 1 ORDER BY run_id"));
        assertEquals(List.of(List.of(1L, 2L, 3L, 4L, 500L)), List.of(Warehouses.query(db,
                "SELECT Id FROM blog_analysis.votes ORDER BY Id").stream().map(List::getFirst).toList()));
        assertEquals(List.of(List.of(files.get(0).toString(), 2L), List.of(files.get(1).toString(), 3L)),
                Warehouses.query(db, "SELECT path, run_id FROM blog_analysis.ingested_files WHERE run_id > 1 "
                        + "ORDER BY run_id"));

        allowEveryId(db); // the fault is mended; the very same command runs again
        CliRunner.Result resumed = cli.run(command);

        assertEquals(ExitCodes.OK, resumed.exitCode(), resumed::toString);
        JsonNode rest = JSON.readTree(resumed.out());
        assertEquals(List.of(files.get(0).toString(), files.get(1).toString()),
                texts(rest.get("files_skipped")), "the committed files are skipped");
        assertEquals(2, rest.get("steps").size());
        assertEquals(List.of(List.of(5L, "succeeded", files.get(0) + " " + files.get(1) + " " + files.get(2),
                                files.get(0) + " " + files.get(1)),
                        List.of(6L, "succeeded", files.get(3).toString(), "")),
                Warehouses.query(db, "SELECT run_id, status, array_to_string(files, ' '), "
                        + "coalesce(array_to_string(files_skipped, ' '), '') "
                        + "FROM blog_analysis.ingestion_runs WHERE run_id > 4 ORDER BY run_id"),
                "the ledger shows the resumed backfill's first step skipping what the first attempt committed");

        CliRunner.Result one = cli.run(ingest(single, files));
        assertEquals(ExitCodes.COMMITTED_WITH_REJECTS, one.exitCode(), one::toString);
        assertEquals(Warehouses.query(single, VOTES), Warehouses.query(db, VOTES));
        assertEquals(Warehouses.query(single, REJECTS), Warehouses.query(db, REJECTS));
        assertEquals(Warehouses.query(single, "SELECT sum(rows_read), sum(rows_inserted), sum(duplicates_skipped), "
                        + "sum(rows_rejected) FROM blog_analysis.ingestion_runs WHERE run_id > 1"),
                Warehouses.query(db, "SELECT sum(rows_read), sum(rows_inserted), sum(duplicates_skipped), "
                        + "sum(rows_rejected) FROM blog_analysis.ingestion_runs WHERE run_id > 1 "
                        + "AND status LIKE 'succeeded%'"), "the committed steps' counts add up to the one run's");
    }

    @Test
    void aFirstStepThatFailsCommitsNothingAndSaysSoAsARunInOneTransactionDoes() throws Exception {
        Path seed = dir.resolve("seed.jsonl");
        Files.writeString(seed, IngestCommandTest.vote(500) + "\n");
        assertEquals(ExitCodes.OK, cli.run("ingest", "--db", db.toString(), seed.toString()).exitCode());
        Warehouses.refuseIdsFrom(db, 1000);
        Path refused = dir.resolve("refused.jsonl");
        Files.writeString(refused, IngestCommandTest.vote(1000) + "\n");
        Path fine = dir.resolve("fine.jsonl");
        Files.writeString(fine, IngestCommandTest.vote(1) + "\n");

        CliRunner.Result result = cli.run(ingest(db, "--commit-every", "1", List.of(refused, fine)));

        assertEquals(ExitCodes.FAILURE, result.exitCode(), result::toString);
        assertEquals(1, result.err().lines().count(), result::toString);
        assertTrue(result.err().startsWith("votes: ingest failed, nothing was committed: "), result::toString);
        assertEquals(1, Warehouses.count(db, "SELECT count(*) FROM blog_analysis.votes"));
        assertEquals(List.of(List.of(2L, "failed")), Warehouses.query(db,
                "SELECT run_id, status FROM blog_analysis.ingestion_runs WHERE run_id > 1"), "no later step started");
    }

    @Test
    void theStepSizeIsCheckedAndCanComeFromTheEnvironmentOrTheConfigurationFile() throws Exception {
        List<Path> files = backfill();
        for (String bad : List.of("0", "-1", "two", "1.5", "")) {
            CliRunner.Result result = cli.run(ingest(db, "--commit-every=" + bad, files));
            assertEquals(ExitCodes.USAGE, result.exitCode(), result::toString);
            assertEquals(1, result.err().lines().count(), result::toString);
            assertTrue(result.err().contains("Invalid value for option '--commit-every': '" + bad
                    + "' (give a number of files >= 1, or all for one transaction)"), result::toString);
        }
        assertFalse(Files.exists(db), "a bad value writes nothing");

        CliRunner environment = new CliRunner(factory, new Environment(Map.of("VOTES_COMMIT_EVERY", "2"), dir));
        CliRunner.Result fromEnvironment = environment.run(ingest(db, files));
        assertEquals(ExitCodes.COMMITTED_WITH_REJECTS, fromEnvironment.exitCode(), fromEnvironment::toString);
        assertTrue(fromEnvironment.err().startsWith("ingest runs 1-2 "), fromEnvironment::toString);

        Files.writeString(dir.resolve("votes.conf"), "[ingest]\ncommit-every = 3\n");
        Path other = dir.resolve("other.db");
        CliRunner configured = new CliRunner(factory, new Environment(Map.of(), dir));
        CliRunner.Result fromFile = configured.run(ingest(other, files));
        assertTrue(fromFile.err().startsWith("ingest runs 1-2 succeeded_with_rejects: 4 files in 2 steps"),
                fromFile::toString);
        assertEquals(List.of(List.of(3L), List.of(1L)), Warehouses.query(other,
                "SELECT len(files) FROM blog_analysis.ingestion_runs ORDER BY run_id"));

        Path third = dir.resolve("third.db");
        CliRunner.Result all = configured.run(ingest(third, "--commit-every", "all", files));
        assertTrue(all.err().startsWith("ingest run 1 succeeded_with_rejects: 4 files, "), all::toString);

        Files.writeString(dir.resolve("votes.conf"), "[ingest]\ncommit-every = none\n");
        CliRunner.Result badFile = configured.run(ingest(third, files));
        assertEquals(ExitCodes.USAGE, badFile.exitCode(), badFile::toString);
        assertTrue(badFile.err().contains("votes.conf:2: key 'ingest.commit-every'"), badFile::toString);
    }

    /**
     * Four files: a.jsonl (Ids 1, 2), b.jsonl (Id 3, a bad line, Id 4), c.jsonl (Id 1 again with other content, Id 1000,
     * Id 2 again), d.jsonl (Id 6).
     */
    private List<Path> backfill() throws IOException {
        Path a = write("a.jsonl", IngestCommandTest.vote(1), IngestCommandTest.vote(2));
        Path b = write("b.jsonl", IngestCommandTest.vote(3), "not json", IngestCommandTest.vote(4));
        Path c = write("c.jsonl", "{\"Id\":\"1\",\"PostId\":\"9\",\"VoteTypeId\":\"3\",\"CreationDate\":\"2022-03-04\"}",
                IngestCommandTest.vote(1000), IngestCommandTest.vote(2));
        Path d = write("d.jsonl", IngestCommandTest.vote(6));
        return List.of(a, b, c, d);
    }

    private static Path b(List<Path> files) {
        return files.get(1);
    }




    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(node -> texts.add(node.asText()));
        return texts;
    }

    /** Mends the fault of {@link Warehouses#refuseIdsFrom}: the votes table without the CHECK, with the same rows. */
    private static void allowEveryId(Path database) throws SQLException {
        Warehouses.execute(database, "ALTER TABLE blog_analysis.votes RENAME TO votes_refusing",
                "CREATE TABLE blog_analysis.votes (Id BIGINT PRIMARY KEY, PostId BIGINT NOT NULL, "
                        + "VoteTypeId INTEGER NOT NULL, UserId BIGINT, BountyAmount INTEGER, "
                        + "CreationDate TIMESTAMP NOT NULL, IngestionRunId BIGINT NOT NULL)",
                "INSERT INTO blog_analysis.votes SELECT * FROM blog_analysis.votes_refusing",
                "DROP TABLE blog_analysis.votes_refusing");
    }
}
