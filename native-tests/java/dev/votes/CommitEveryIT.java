package dev.votes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.votes.PackagedCli.Result;
import dev.votes.PackagedCli.Running;
import dev.votes.cli.exit.ExitCodes;

/**
 * {@code votes ingest --commit-every 1} as a real process: a backfill killed (SIGKILL) or stopped (SIGINT, SIGTERM)
 * after a step committed keeps exactly its committed steps, and the same command run again resumes after them and ends
 * with the rows and rejects one all-or-nothing run gives.
 */
class CommitEveryIT {

    private static final int FILES = 4;
    /** Rows of each file: enough that the steps after the first take a while on any machine. */
    private static final long ROWS = 400_000;

    @TempDir
    static Path inputs;

    static List<String> files = new ArrayList<>();

    @TempDir
    Path dir;

    /**
     * Four files of consecutive Ids; the second also holds Id 1 again with other values (the first file's copy must
     * win) and a bad line (a reject with its file and line number).
     */
    @BeforeAll
    static void generateInputs() throws Exception {
        for (int file = 0; file < FILES; file++) {
            Path path = inputs.resolve("part-" + file + ".jsonl");
            RegularVotes.write(path, file * ROWS + 1, ROWS);
            files.add(path.toString());
        }
        Path second = Path.of(files.get(1));
        byte[] bytes = Files.readAllBytes(second);
        String lineBreak = bytes.length > 0 && bytes[bytes.length - 1] != '\n' ? "\n" : "";
        Files.writeString(second, lineBreak + "{\"Id\":\"1\",\"PostId\":\"424242\",\"VoteTypeId\":\"9\","
                + "\"CreationDate\":\"2020-05-06T07:08:09.000\"}\nnot json\n", StandardCharsets.UTF_8,
                StandardOpenOption.APPEND);
    }

    @Test
    void sigkillAfterACommittedStepThenTheSameCommandResumesAndEndsAsOneRun() throws Exception {
        Path db = dir.resolve("warehouse.db");
        Running backfill = PackagedCli.start(dir, ingest(db, "-v"));
        backfill.awaitErr("committed step 1/" + FILES, Duration.ofMinutes(2));
        backfill.process().destroyForcibly(); // SIGKILL, while the next step loads
        assertTrue(backfill.process().waitFor(30, TimeUnit.SECONDS));

        List<String> committed = committedFiles(db);
        String context = backfill.errSoFar();
        assertTrue(!committed.isEmpty() && committed.size() < FILES, "killed after a step, before the end: "
                + committed + "\n" + context);
        assertEquals(files.subList(0, committed.size()), committed, "the steps commit in the files' order");
        assertEquals(committed, Warehouses.query(db, "SELECT path FROM blog_analysis.ingested_files ORDER BY run_id")
                .stream().map(row -> (String) row.getFirst()).toList(), "the file ledger holds the committed files");
        assertEquals(Warehouses.count(db, "SELECT sum(rows_inserted) FROM blog_analysis.ingestion_runs "
                + "WHERE status LIKE 'succeeded%'"), Warehouses.count(db, "SELECT count(*) FROM blog_analysis.votes"),
                "the warehouse holds exactly the committed steps' rows");
        long running = Warehouses.count(db, "SELECT count(*) FROM blog_analysis.ingestion_runs WHERE status = 'running'");
        assertTrue(running <= 1, "at most the step in flight is left running: " + running);

        Result resumed = PackagedCli.run(dir, ingest(db, "--format", "json"));

        int expectedExit = committed.size() >= 2 ? ExitCodes.OK : ExitCodes.COMMITTED_WITH_REJECTS;
        assertEquals(expectedExit, resumed.exitCode(), resumed::toString);
        JsonNode summary = new ObjectMapper().readTree(resumed.out());
        List<String> skipped = new ArrayList<>();
        summary.get("files_skipped").forEach(file -> skipped.add(file.asText()));
        assertEquals(committed, skipped, "the re-run skips the committed files");
        assertEquals(running, Warehouses.count(db, "SELECT count(*) FROM blog_analysis.ingestion_runs "
                + "WHERE status = 'interrupted'"), "the killed step is closed as interrupted");
        assertEquals(0, Warehouses.count(db, "SELECT count(*) FROM blog_analysis.ingestion_runs "
                + "WHERE status = 'running'"));

        Path single = dir.resolve("single.db");
        Result one = PackagedCli.run(dir, "ingest", "--db", single.toString(), files.get(0), files.get(1), files.get(2),
                files.get(3));
        assertEquals(ExitCodes.COMMITTED_WITH_REJECTS, one.exitCode(), one::toString);
        assertSameData(single, db);
        assertEquals(List.of(List.of(1L, 2L, 2)), Warehouses.query(db, "SELECT Id, PostId, VoteTypeId "
                + "FROM blog_analysis.votes WHERE Id = 1"), "the first file's Id 1 wins");
    }

    @Test
    void sigintAndSigtermAfterACommittedStepSayWhatIsCommittedAndExit130And143() throws Exception {
        for (String signal : List.of("INT", "TERM")) {
            Path db = dir.resolve("warehouse-" + signal + ".db");
            Running backfill = PackagedCli.start(dir, ingest(db, "-v"));
            backfill.awaitErr("committed step 1/" + FILES, Duration.ofMinutes(2));
            backfill.signal(signal);
            Result stopped = backfill.await(Duration.ofMinutes(2));

            assertEquals(signal.equals("INT") ? ExitCodes.INTERRUPTED : ExitCodes.TERMINATED, stopped.exitCode(),
                    stopped::toString);
            String line = stopped.err().lines().reduce((first, second) -> second).orElseThrow();
            List<String> committed = committedFiles(db);
            assertTrue(!committed.isEmpty() && committed.size() < FILES, committed + "\n" + stopped);
            int steps = committed.size();
            assertTrue(line.startsWith("votes: ingest step" + (steps == 1 ? " 1" : "s 1-" + steps) + " of " + FILES
                    + " committed as run"), line);
            assertTrue(line.contains("interrupted by SIG" + signal), line);
            assertTrue(line.contains("run the same command again (without --force) to load the rest"), line);
            assertFalse(line.contains("nothing was committed"), line);
            assertEquals(List.of(), Warehouses.query(db, "SELECT run_id FROM blog_analysis.ingestion_runs "
                    + "WHERE status NOT IN ('succeeded', 'succeeded_with_rejects') "
                    + "AND (status <> 'interrupted' OR error <> 'interrupted by SIG" + signal + "')"),
                    "the stopped step, if it had started, is recorded as interrupted by the signal");

            Result resumed = PackagedCli.run(dir, ingest(db));
            assertTrue(resumed.exitCode() == ExitCodes.OK || resumed.exitCode() == ExitCodes.COMMITTED_WITH_REJECTS,
                    resumed::toString);
            assertEquals(FILES * ROWS, Warehouses.count(db, "SELECT count(*) FROM blog_analysis.votes"));
            assertEquals(1, Warehouses.count(db, "SELECT count(*) FROM blog_analysis.rejected_votes"));
        }
    }

    private static String[] ingest(Path db, String... options) {
        List<String> command = new ArrayList<>(List.of("ingest", "--commit-every", "1", "--db", db.toString()));
        command.addAll(List.of(options));
        command.addAll(files);
        return command.toArray(String[]::new);
    }

    /** The file of each committed step's run (one file per step, none skipped yet), in run order. */
    private static List<String> committedFiles(Path db) throws SQLException {
        return Warehouses.query(db, "SELECT files[1] FROM blog_analysis.ingestion_runs WHERE status LIKE 'succeeded%' "
                + "ORDER BY run_id").stream().map(row -> (String) row.getFirst()).toList();
    }

    /** The same votes (every column but the run id), the same rejects (file, line, raw, reason) and the same counts. */
    private static void assertSameData(Path expected, Path actual) throws SQLException {
        for (String select : List.of("SELECT " + Warehouses.VOTE_COLUMNS + " FROM %s.blog_analysis.votes",
                "SELECT source_file, line_number, raw, reason FROM %s.blog_analysis.rejected_votes")) {
            assertEquals(0, Warehouses.rowsInOnlyOne(expected, actual, select), select);
        }
        String counts = "SELECT sum(rows_read), sum(rows_inserted), sum(duplicates_skipped), sum(rows_rejected) "
                + "FROM blog_analysis.ingestion_runs WHERE status LIKE 'succeeded%' AND rows_read > 0";
        assertEquals(Warehouses.query(expected, counts), Warehouses.query(actual, counts),
                "the runs' counts add up the same");
        assertEquals(FILES * ROWS, Warehouses.count(actual, "SELECT count(*) FROM blog_analysis.votes"));
    }
}
