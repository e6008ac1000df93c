package dev.votes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import dev.votes.cli.exit.ExitCodes;
import io.quarkus.test.junit.QuarkusTest;

/**
 * {@code votes ingest --staging disk}: the staged rows in a DuckDB file of their own beside the warehouse instead of in
 * memory. Every path of the load (the JSON reader, bad lines located, the line-by-line reader, repeated Ids within and
 * across files, an increment whose Ids overlap the table's, steps) gives exactly what staging in memory gives, and no
 * staging file outlives its run, whether the run committed or failed; one a killed process left is removed.
 */
@QuarkusTest
class StagingOnDiskTest extends InProcessCommandTest {

    private static final String VOTES = "SELECT Id, PostId, VoteTypeId, UserId, BountyAmount, CreationDate::VARCHAR, "
            + "IngestionRunId FROM blog_analysis.votes ORDER BY Id";
    private static final String REJECTS = "SELECT run_id, source_file, line_number, raw, reason "
            + "FROM blog_analysis.rejected_votes ORDER BY run_id, source_file, line_number";
    private static final String RUNS = "SELECT run_id, status, rows_read, rows_inserted, duplicates_skipped, "
            + "rows_rejected, files::VARCHAR FROM blog_analysis.ingestion_runs ORDER BY run_id";

    @Test
    void runsStagedOnDiskGiveExactlyWhatRunsStagedInMemoryGive() throws Exception {
        List<Path> backfill = List.of(
                write("1-clean.jsonl", vote(1, 10), vote(2, 20), vote(1, 11), vote(3, 30)),
                write("2-bad.jsonl", vote(4, 40), "{broken", vote(2, 21), "", vote(5, 50),
                        "{\"Id\":\"6\",\"PostId\":\"60\",\"VoteTypeId\":\"2\",\"CreationDate\":\"not a date\"}"),
                write("3.csv", "Id,PostId,VoteTypeId,CreationDate", "7,70,2,2022-01-02T00:00:00", "3,31,2,2022-01-02",
                        "8,x,2,2022-01-02", "9,90,2,2022-01-03"));
        // An increment: Ids the table holds (1, 4, 9) among new ones, so the load anti-joins against the table.
        List<Path> increment = List.of(write("4-increment.jsonl", vote(9, 91), vote(10, 100), vote(1, 12),
                vote(11, 110), vote(10, 101), vote(4, 41)));
        Path memory = dir.resolve("memory.db");
        Path disk = dir.resolve("disk.db");
        Path steps = dir.resolve("steps.db");

        List<CliRunner.Result> inMemory = List.of(cli.run(ingest(memory, "-v", "--staging", "memory", backfill)),
                cli.run(ingest(memory, "-v", "--staging", "memory", increment)));
        List<CliRunner.Result> onDisk = List.of(cli.run(ingest(disk, "-v", "--staging", "disk", backfill)),
                cli.run(ingest(disk, "-v", "--staging", "DISK", increment)));
        List<CliRunner.Result> inSteps = List.of(
                cli.run(ingest(steps, "-v", "--staging", "disk", "--commit-every", "1", backfill)),
                cli.run(ingest(steps, "-v", "--staging", "disk", increment)));

        for (int run = 0; run < 2; run++) {
            assertFalse(inMemory.get(run).err().contains("staging on disk"), inMemory.get(run)::toString);
            assertTrue(onDisk.get(run).err().contains("staging on disk in " + dir.toRealPath()), onDisk.get(run)::toString);
            assertEquals(inMemory.get(run).exitCode(), onDisk.get(run).exitCode(), onDisk.get(run)::toString);
            assertEquals(countsOf(inMemory.get(run).err()), countsOf(onDisk.get(run).err()));
        }
        assertEquals(ExitCodes.COMMITTED_WITH_REJECTS, onDisk.get(0).exitCode(), onDisk.get(0)::toString);
        assertEquals("read 13, inserted 7, duplicates 3, rejected 3", countsOf(onDisk.get(0).err()));
        assertEquals("read 6, inserted 2, duplicates 4, rejected 0", countsOf(onDisk.get(1).err()));
        assertEquals(ExitCodes.COMMITTED_WITH_REJECTS, inSteps.get(0).exitCode(), inSteps.get(0)::toString);
        assertEquals(ExitCodes.OK, inSteps.get(1).exitCode(), inSteps.get(1)::toString);

        assertEquals(Warehouses.query(memory, VOTES), Warehouses.query(disk, VOTES));
        assertEquals(Warehouses.query(memory, REJECTS), Warehouses.query(disk, REJECTS));
        assertEquals(Warehouses.query(memory, RUNS), Warehouses.query(disk, RUNS));
        assertEquals(Warehouses.weeklyCounts(memory), Warehouses.weeklyCounts(disk));
        // First occurrence wins: Id 1 from the first line of 1-clean.jsonl, Id 3 from it rather than 3.csv, Id 10 from
        // the increment's first line.
        assertEquals(List.of(List.of(1L, 10L), List.of(3L, 30L), List.of(10L, 100L)), Warehouses.query(disk,
                "SELECT Id, PostId FROM blog_analysis.votes WHERE Id IN (1, 3, 10) ORDER BY Id"));
        assertEquals(List.of(List.of(2L, "malformed JSON"), List.of(6L, "CreationDate is not a valid timestamp: not a date"),
                List.of(4L, "PostId is not an integer: x")), Warehouses.query(disk,
                "SELECT line_number, reason FROM blog_analysis.rejected_votes ORDER BY source_file, line_number"));
        // In steps the rows are the same; each step is a run of its own.
        String votesWithoutRuns = "SELECT Id, PostId, VoteTypeId, UserId, BountyAmount, CreationDate::VARCHAR "
                + "FROM blog_analysis.votes ORDER BY Id";
        assertEquals(Warehouses.query(memory, votesWithoutRuns), Warehouses.query(steps, votesWithoutRuns));
        assertEquals(Warehouses.weeklyCounts(memory), Warehouses.weeklyCounts(steps));

        assertEquals(List.of(), stagingFiles(), "no staging file outlives its run");
    }

    @Test
    void aRunThatFailsAfterStagingOnDiskCommitsNothingAndLeavesNoStagingFile() throws Exception {
        Path first = write("first.jsonl", vote(1, 10), vote(2, 20));
        assertEquals(ExitCodes.OK, cli.run(ingest(db, "-v", "--staging", "disk", List.of(first))).exitCode());
        Warehouses.refuseIdsFrom(db, 100);
        Path refused = write("refused.jsonl", vote(3, 30), vote(100, 1000));

        CliRunner.Result failed = cli.run(ingest(db, "-v", "--staging", "disk", List.of(refused)));

        assertEquals(ExitCodes.FAILURE, failed.exitCode(), failed::toString);
        assertTrue(failed.err().contains("nothing was committed"), failed::toString);
        assertEquals(List.of(List.of(1L), List.of(2L)), Warehouses.query(db, "SELECT Id FROM blog_analysis.votes ORDER BY Id"));
        assertEquals(List.of(List.of(2L, "failed")), Warehouses.query(db,
                "SELECT run_id, status FROM blog_analysis.ingestion_runs WHERE run_id = 2"));
        assertEquals(List.of(), stagingFiles(), "the failed run's staging file is removed");
    }

    @Test
    void aStagingFileOfAKilledProcessIsRemovedAndOneOfARunningProcessIsKept() throws Exception {
        Process exited = new ProcessBuilder("true").start();
        exited.waitFor();
        long dead = exited.pid();
        Path abandoned = Files.writeString(dir.resolve(".warehouse.db.staging-" + dead + "-0.duckdb"), "left behind");
        Path abandonedLog = Files.writeString(dir.resolve(".warehouse.db.staging-" + dead + "-0.duckdb.wal"), "log");
        Path live = Files.writeString(dir.resolve(".warehouse.db.staging-" + ProcessHandle.current().pid()
                + "-999999.duckdb"), "in use");
        Path other = Files.writeString(dir.resolve(".other.db.staging-" + dead + "-0.duckdb"), "another warehouse's");
        Path a = write("a.jsonl", vote(1, 10));

        CliRunner.Result result = cli.run(ingest(db, "-v", "--staging", "memory", List.of(a)));

        assertEquals(ExitCodes.OK, result.exitCode(), result::toString);
        assertFalse(Files.exists(abandoned), "the killed run's staging file is removed");
        assertFalse(Files.exists(abandonedLog), "and its write-ahead log");
        assertTrue(Files.exists(live), "a staging file of a process that runs is kept");
        assertTrue(Files.exists(other), "another warehouse's staging file is not this run's business");
    }

    @Test
    void aBadStagingValueIsAUsageErrorNamingTheOption() {
        CliRunner.Result result = cli.run("ingest", "--db", db.toString(), "--staging", "ssd");

        assertEquals(ExitCodes.USAGE, result.exitCode(), result::toString);
        assertTrue(result.err().contains("--staging") && result.err().contains("give auto, memory or disk"),
                result::toString);
        assertFalse(Files.exists(db), "nothing was created");
    }

    private List<String> stagingFiles() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(file -> file.getFileName().toString()).filter(name -> name.contains(".staging-")).toList();
        }
    }


    private static String vote(long id, long postId) {
        return "{\"Id\":\"" + id + "\",\"PostId\":\"" + postId
                + "\",\"VoteTypeId\":\"2\",\"CreationDate\":\"2022-01-02T00:00:00.000\"}";
    }
}
