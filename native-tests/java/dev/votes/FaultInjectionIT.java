package dev.votes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.votes.PackagedCli.Result;
import dev.votes.PackagedCli.Running;
import dev.votes.cli.exit.ExitCodes;

/**
 * Faults injected into real processes of the packaged CLI: SIGKILL at random moments of a multi-million-row load,
 * SIGINT and SIGTERM, a second writer, a read-only warehouse, a full disk. After each, the warehouse opens and holds
 * exactly the rows of the committed runs.
 */
class FaultInjectionIT {

    /** The committed baseline: Ids 1..200,000. */
    private static final long BASE_ROWS = 200_000;
    /** The big run that gets killed: Ids 200,001..2,200,000. */
    private static final long BIG_ROWS = 2_000_000;

    @TempDir
    static Path inputs;

    static Path base;
    static Path big;

    @TempDir
    Path dir;

    @BeforeAll
    static void generateInputs() throws SQLException {
        base = inputs.resolve("base.jsonl");
        big = inputs.resolve("big.jsonl");
        RegularVotes.write(base, 1, BASE_ROWS);
        RegularVotes.write(big, BASE_ROWS + 1, BIG_ROWS);
    }

    @Test
    void sigkillAtRandomMomentsNeverLeavesAPartOfARun() throws Exception {
        Path db = dir.resolve("warehouse.db");
        assertEquals(ExitCodes.OK, PackagedCli.run(dir, "ingest", "--db", db.toString(), base.toString()).exitCode());
        // Kill moments fall in the window between the run's ledger row ("loading run") and the end of a full load as
        // timed on this machine, so they land inside the transaction however fast or slow the machine is.
        long loadMillis = timeTheLoadingPartOfOneFullLoad();
        long seed = Long.getLong("votes.kill.seed", 20261121L);
        Random random = new Random(seed);
        List<String> moments = new ArrayList<>();
        java.util.Set<Long> killedMidRun = new java.util.TreeSet<>();

        for (int attempt = 0; attempt < 8; attempt++) {
            long delay = (long) (random.nextDouble() * loadMillis * 1.1);
            // --force: once one attempt has committed, the next ones still read the file (and can be killed mid-run).
            // Every other attempt stages on disk (a file of its own beside the warehouse) instead of in memory.
            Running ingest = PackagedCli.start(dir, "ingest", "-v", "--force", "--staging",
                    attempt % 2 == 0 ? "memory" : "disk", "--db", db.toString(), big.toString());
            ingest.awaitErr("loading run", Duration.ofMinutes(1));
            Thread.sleep(delay);
            boolean wasAlive = ingest.process().isAlive();
            ingest.process().destroyForcibly(); // SIGKILL
            assertTrue(ingest.process().waitFor(30, TimeUnit.SECONDS));
            moments.add(delay + " ms after the ledger row" + (wasAlive ? "" : " (already done)"));

            long votes = Warehouses.count(db, "SELECT count(*) FROM blog_analysis.votes");
            String context = "seed " + seed + ", kills at " + moments;
            assertTrue(votes == BASE_ROWS || votes == BASE_ROWS + BIG_ROWS, "all of a run or none of it: " + votes
                    + "; " + context);
            assertEquals(votes, Warehouses.count(db, "SELECT count(DISTINCT Id) FROM blog_analysis.votes"), context);
            assertEquals(votes, Warehouses.count(db, "SELECT coalesce(sum(rows_inserted), 0) FROM "
                    + "blog_analysis.ingestion_runs WHERE status LIKE 'succeeded%'"), "the ledger reconciles; " + context);
            assertEquals(List.of(), Warehouses.weeklyCountsAgainstVotes(db), "the weekly counts are exact; " + context);
            // A run killed inside its transaction leaves only its ledger row, still 'running' (the next run closes it).
            Warehouses.query(db, "SELECT run_id FROM blog_analysis.ingestion_runs WHERE status = 'running'")
                    .forEach(row -> killedMidRun.add((Long) row.getFirst()));
        }
        assertTrue(killedMidRun.size() >= 3, "most kills landed inside the load (" + loadMillis + " ms): " + moments);
        // One more kill, as soon as a run staging on disk has created its file: the file stays behind.
        Running staging = PackagedCli.start(dir, "ingest", "-v", "--force", "--staging", "disk", "--db",
                db.toString(), big.toString());
        staging.awaitErr("staging on disk in", Duration.ofMinutes(1));
        staging.process().destroyForcibly();
        assertTrue(staging.process().waitFor(30, TimeUnit.SECONDS));
        assertFalse(stagingFiles().isEmpty(), "the killed run's staging file is left behind");
        Warehouses.query(db, "SELECT run_id FROM blog_analysis.ingestion_runs WHERE status = 'running'")
                .forEach(row -> killedMidRun.add((Long) row.getFirst()));

        Result rerun = PackagedCli.run(dir, "ingest", "--db", db.toString(), "--format", "json", big.toString());
        assertEquals(ExitCodes.OK, rerun.exitCode(), rerun::toString);
        assertEquals(BASE_ROWS + BIG_ROWS, Warehouses.count(db, "SELECT count(*) FROM blog_analysis.votes"));
        assertEquals(0, Warehouses.count(db, "SELECT count(*) FROM blog_analysis.ingestion_runs WHERE status = 'running'"),
                "the re-run closed the killed runs' ledger rows");
        assertEquals(List.of(), stagingFiles(), "the re-run removed the staging files the killed runs left");
        assertEquals(List.copyOf(killedMidRun), Warehouses.query(db, "SELECT run_id FROM blog_analysis.ingestion_runs "
                + "WHERE status = 'interrupted' ORDER BY run_id").stream().map(row -> (Long) row.getFirst()).toList(),
                moments::toString);
    }

    @Test
    void sigintAndSigtermRollBackRecordTheRunAsInterruptedAndExit130And143() throws Exception {
        Path db = dir.resolve("warehouse.db");
        assertEquals(ExitCodes.OK, PackagedCli.run(dir, "ingest", "--db", db.toString(), base.toString()).exitCode());

        for (String signal : List.of("INT", "TERM")) {
            Running ingest = PackagedCli.start(dir, "ingest", "-v", "--db", db.toString(), big.toString());
            ingest.awaitErr("loading run", Duration.ofMinutes(1));
            Thread.sleep(100);
            ingest.signal(signal);
            Result result = ingest.await(Duration.ofMinutes(1));

            int expected = signal.equals("INT") ? ExitCodes.INTERRUPTED : ExitCodes.TERMINATED;
            assertEquals(expected, result.exitCode(), result::toString);
            assertTrue(result.err().contains("interrupted by SIG" + signal + ": rolled back, nothing was committed"),
                    result::toString);
            assertEquals(BASE_ROWS, Warehouses.count(db, "SELECT count(*) FROM blog_analysis.votes"));
            assertEquals(List.of(), Warehouses.weeklyCountsAgainstVotes(db), "the weekly counts rolled back too");
            assertEquals(List.of(List.of("interrupted", "interrupted by SIG" + signal, true)), Warehouses.query(db,
                    "SELECT status, error, finished_at IS NOT NULL FROM blog_analysis.ingestion_runs "
                            + "ORDER BY run_id DESC LIMIT 1"));
        }

        Result rerun = PackagedCli.run(dir, "ingest", "--db", db.toString(), big.toString());
        assertEquals(ExitCodes.OK, rerun.exitCode(), rerun::toString);
        assertEquals(BASE_ROWS + BIG_ROWS, Warehouses.count(db, "SELECT count(*) FROM blog_analysis.votes"));
        assertEquals(List.of(), Warehouses.weeklyCountsAgainstVotes(db));
    }

    @Test
    void aSecondWriterFailsAtOnceNamingTheLockHolderOrWaitsForIt() throws Exception {
        Path db = dir.resolve("warehouse.db");
        assertEquals(ExitCodes.OK, PackagedCli.run(dir, "ingest", "--db", db.toString(), base.toString()).exitCode());
        Path small = dir.resolve("small.jsonl");
        Files.writeString(small, IngestCommandTest.vote(BASE_ROWS + BIG_ROWS + 1) + "\n");
        long holder = ProcessHandle.current().pid();
        Running waiting;
        // The lock holder is this test process, inside an open write transaction: it holds the warehouse for exactly
        // as long as the checks take, on a fast machine or a slow one (a real ingest as holder can finish too early).
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:" + db);
             java.sql.Statement statement = connection.createStatement()) {
            connection.setAutoCommit(false);
            statement.execute("CREATE TABLE main.held_by_the_test (x INTEGER)");

            long started = System.nanoTime();
            Result second = PackagedCli.run(dir, "ingest", "--db", db.toString(), small.toString());
            Result reader = PackagedCli.run(dir, "outliers", "--db", db.toString());
            waiting = PackagedCli.start(dir, "ingest", "--wait", "300", "--db", db.toString(), small.toString());

            assertEquals(ExitCodes.WAREHOUSE_BUSY, second.exitCode(), second::toString);
            assertEquals(1, second.err().lines().count(), second::toString);
            assertTrue(second.err().contains("is busy: process " + holder), second::toString);
            assertTrue(second.err().contains("--wait"), second::toString);
            assertTrue(Duration.ofNanos(System.nanoTime() - started).toSeconds() < 30, "failed at once");
            assertEquals(ExitCodes.WAREHOUSE_BUSY, reader.exitCode(), reader::toString);

            Thread.sleep(1_500);
            assertTrue(waiting.process().isAlive(), "--wait waits while the warehouse is held");
            connection.rollback();
        }
        Result waited = waiting.await(Duration.ofMinutes(2));
        assertEquals(ExitCodes.OK, waited.exitCode(), waited::toString);
        assertTrue(waited.err().contains("inserted 1,"), waited::toString);
        assertEquals(BASE_ROWS + 1, Warehouses.count(db, "SELECT count(*) FROM blog_analysis.votes"));
    }

    @Test
    void aReadOnlyWarehouseFileIsOneClearLineAndStaysUnchanged() throws Exception {
        Path db = dir.resolve("warehouse.db");
        assertEquals(ExitCodes.OK, PackagedCli.run(dir, "ingest", "--db", db.toString(), base.toString()).exitCode());
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(db, PosixFilePermissions.fromString("r--r--r--"));
        Files.setPosixFilePermissions(base, PosixFilePermissions.fromString("rw-r--r--"));
        Files.setPosixFilePermissions(inputs, PosixFilePermissions.fromString("rwxr-xr-x"));
        String before = sha256(db);
        // root may write anything: run as nobody then, for whom the file really is read-only.
        List<String> asUser = isRoot() ? List.of("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "--")
                : List.of();

        Result result = PackagedCli.start(dir, new ProcessBuilder(PackagedCli.command(asUser,
                "ingest", "--db", db.toString(), base.toString()))).await(Duration.ofMinutes(2));

        assertEquals(ExitCodes.FAILURE, result.exitCode(), result::toString);
        assertEquals(1, result.err().lines().count(), result::toString);
        assertTrue(result.err().contains("cannot open warehouse " + db), result::toString);
        assertTrue(result.err().contains("not writable"), result::toString);
        assertEquals(before, sha256(db), "the warehouse file is unchanged");
        Result runs = PackagedCli.start(dir, new ProcessBuilder(PackagedCli.command(asUser,
                "runs", "--db", db.toString(), "--format", "csv"))).await(Duration.ofMinutes(2));
        assertEquals(ExitCodes.OK, runs.exitCode(), "the commands that only look still work: " + runs);
        assertEquals(2, runs.out().lines().count(), runs::toString);
    }

    @Test
    void aFullDiskFailsTheRunCleanlyAndTheWarehouseKeepsItsCommittedRows() throws Exception {
        Path db = dir.resolve("warehouse.db");
        assertEquals(ExitCodes.OK, PackagedCli.run(dir, "ingest", "--db", db.toString(), base.toString()).exitCode());
        Path mount = Files.createDirectory(dir.resolve("small-disk"));
        Path saved = Files.createDirectory(dir.resolve("saved"));
        // A private mount namespace with a tmpfs 1 MiB larger than the base warehouse (about 2.4 MB; the big run adds
        // about 4 MB: its regular rows compress well): the warehouse lives there while the big run fills it up.
        long tmpfsKiB = Files.size(db) / 1024 + 1024;
        String script = "mount -t tmpfs -o size=" + tmpfsKiB + "k tmpfs \"$1\" || exit 99; cp \"$2\" \"$1/warehouse.db\"; "
                + "shift 3; "
                + "\"$@\"; rc=$?; cp \"$MOUNT\"/warehouse.db* \"$SAVED\"/; exit $rc";
        List<String> command = new ArrayList<>(List.of("unshare", "-rm", "sh", "-c", script, "sh",
                mount.toString(), db.toString(), saved.toString()));
        command.addAll(PackagedCli.command(List.of(), "ingest", "--db", mount.resolve("warehouse.db").toString(),
                big.toString()));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().put("MOUNT", mount.toString());
        builder.environment().put("SAVED", saved.toString());

        Result result = PackagedCli.start(dir, builder).await(Duration.ofMinutes(3));

        assumeTrue(result.exitCode() != 99, "this machine lets no one mount a small tmpfs: " + result);
        assertEquals(ExitCodes.FAILURE, result.exitCode(), result::toString);
        assertEquals(1, result.err().lines().count(), result::toString);
        assertTrue(result.err().contains("nothing was committed"), result::toString);
        assertTrue(result.err().toLowerCase().contains("space"), "names the cause: " + result);
        Path after = saved.resolve("warehouse.db");
        assertEquals(BASE_ROWS, Warehouses.count(after, "SELECT count(*) FROM blog_analysis.votes"));
        assertNotEquals(0, Warehouses.count(after, "SELECT count(*) FROM blog_analysis.ingestion_runs "
                + "WHERE run_id = 2 AND status IN ('failed', 'running')"), "the full-disk run is not 'succeeded'");
        Result rerun = PackagedCli.run(dir, "ingest", "--db", after.toString(), big.toString());
        assertEquals(ExitCodes.OK, rerun.exitCode(), "with room again the same run completes: " + rerun);
        assertEquals(BASE_ROWS + BIG_ROWS, Warehouses.count(after, "SELECT count(*) FROM blog_analysis.votes"));
    }

    /**
     * Loads the big file into a scratch warehouse holding the base rows, and returns how long the process ran after
     * it printed "loading run" (its ledger row is written; the transaction follows).
     */
    /**
     * The shorter of two timed loads: one load alone can be slowed by whatever else the machine runs at that moment,
     * and a window too long lets most kills land after the run has finished.
     */
    private long timeTheLoadingPartOfOneFullLoad() throws Exception {
        long shortest = Long.MAX_VALUE;
        for (int timing = 0; timing < 2; timing++) {
            Path scratch = Files.createDirectory(dir.resolve("timing-" + timing));
            Path db = scratch.resolve("warehouse.db");
            PackagedCli.run(scratch, "ingest", "--db", db.toString(), base.toString());
            Running load = PackagedCli.start(scratch, "ingest", "-v", "--db", db.toString(), big.toString());
            load.awaitErr("loading run", Duration.ofMinutes(1));
            long started = System.nanoTime();
            Result result = load.await(Duration.ofMinutes(3));
            assertEquals(ExitCodes.OK, result.exitCode(), result::toString);
            shortest = Math.min(shortest, Duration.ofNanos(System.nanoTime() - started).toMillis());
        }
        return shortest;
    }

    private static boolean isRoot() throws IOException, InterruptedException {
        Process id = new ProcessBuilder("id", "-u").start();
        id.waitFor();
        return new String(id.getInputStream().readAllBytes()).strip().equals("0");
    }

    private static String sha256(Path file) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }

    /** The staging files (and their logs) beside the test's warehouse. */
    private List<String> stagingFiles() throws IOException {
        try (java.util.stream.Stream<Path> files = Files.list(dir)) {
            return files.map(file -> file.getFileName().toString())
                    .filter(name -> name.startsWith(".warehouse.db.staging-")).sorted().toList();
        }
    }
}
