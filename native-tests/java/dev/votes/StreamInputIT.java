package dev.votes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.votes.cli.exit.ExitCodes;

/**
 * Inputs that can be read only once, as a real process reads them: standard input as {@code -} and as {@code
 * /dev/stdin} (a pipe, not a redirected file), and named FIFOs. Each is read once, hashed while it is read, and
 * loaded whole; a FIFO nobody writes to is stopped by SIGTERM at once, leaving no ledger row and no spool behind.
 */
class StreamInputIT {

    private static final int DATASET_ROWS = 40_299;

    @TempDir
    Path dir;

    @Test
    void standardInputAsDashAndAsDevStdinIsLoadedWhole() throws Exception {
        String db = dir.resolve("warehouse.db").toString();
        byte[] gzip = Files.readAllBytes(PackagedCli.DATASET);

        PackagedCli.Result dash = piped(gzip, "ingest", "--db", db, "-");
        PackagedCli.Result devStdin = piped(gzip, "ingest", "--db", db, "/dev/stdin");

        assertEquals(ExitCodes.OK, dash.exitCode(), dash::toString);
        assertTrue(dash.err().contains("read " + DATASET_ROWS + ", inserted " + DATASET_ROWS), dash::toString);
        assertEquals(ExitCodes.OK, devStdin.exitCode(), devStdin::toString);
        assertTrue(devStdin.err().contains("read " + DATASET_ROWS + ", inserted 0, duplicates " + DATASET_ROWS),
                devStdin::toString);
        assertEquals(List.of(List.of("<stdin>", (long) gzip.length), List.of("/dev/stdin", (long) gzip.length)),
                Warehouses.query(dir.resolve("warehouse.db"), "SELECT path, size "
                        + "FROM blog_analysis.ingested_files ORDER BY run_id"));
        assertNoSpools();
    }

    @Test
    void aFifoWrittenOnceIsLoadedWholeAndTheRunEnds() throws Exception {
        String db = dir.resolve("warehouse.db").toString();
        Path fifo = mkfifo("votes.jsonl.gz");
        byte[] gzip = Files.readAllBytes(PackagedCli.DATASET);
        Thread writer = Thread.ofPlatform().start(() -> {
            try (OutputStream out = Files.newOutputStream(fifo)) {
                out.write(gzip);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });

        PackagedCli.Result result = PackagedCli.start(dir, "ingest", "--db", db, fifo.toString())
                .await(Duration.ofSeconds(60));
        writer.join(10_000);

        assertEquals(ExitCodes.OK, result.exitCode(), result::toString);
        assertTrue(result.err().contains("read " + DATASET_ROWS + ", inserted " + DATASET_ROWS), result::toString);
        assertEquals(DATASET_ROWS, Warehouses.count(dir.resolve("warehouse.db"),
                "SELECT count(*) FROM blog_analysis.votes"));
        assertNoSpools();
    }

    @Test
    void aFifoNobodyWritesIsStoppedBySigtermWithNothingLeftBehind() throws Exception {
        Path db = dir.resolve("warehouse.db");
        PackagedCli.Result first = PackagedCli.run(dir, "ingest", "--db", db.toString(), PackagedCli.DATASET.toString());
        assertEquals(ExitCodes.OK, first.exitCode(), first::toString);
        Path fifo = mkfifo("never-written.jsonl");

        PackagedCli.Running waiting = PackagedCli.start(dir, "ingest", "--db", db.toString(), fifo.toString());
        Thread.sleep(1_500);
        assertTrue(waiting.process().isAlive(), "it waits for a writer");
        waiting.signal("TERM");
        PackagedCli.Result stopped = waiting.await(Duration.ofSeconds(10));

        assertEquals(ExitCodes.TERMINATED, stopped.exitCode(), stopped::toString);
        assertEquals(List.of(List.of(1L, "succeeded")), Warehouses.query(db,
                "SELECT run_id, status FROM blog_analysis.ingestion_runs ORDER BY run_id"), "no run row is left running");
        assertNoSpools();
    }

    private PackagedCli.Result piped(byte[] input, String... args) throws Exception {
        PackagedCli.Running running = PackagedCli.start(dir, new ProcessBuilder(PackagedCli.command(List.of(), args)));
        try (OutputStream stdin = running.process().getOutputStream()) {
            for (int offset = 0; offset < input.length; offset += 8192) {
                stdin.write(input, offset, Math.min(8192, input.length - offset)); // a pipe, in small writes
            }
        }
        return running.await(Duration.ofSeconds(60));
    }

    private Path mkfifo(String name) throws Exception {
        Path fifo = dir.resolve(name);
        Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start();
        assertTrue(mkfifo.waitFor(10, TimeUnit.SECONDS) && mkfifo.exitValue() == 0, "mkfifo worked");
        return fifo;
    }

    private void assertNoSpools() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            List<String> spools = files.map(path -> path.getFileName().toString())
                    .filter(name -> name.endsWith(".spool")).toList();
            assertEquals(List.of(), spools, "no spool file is left next to the warehouse");
        }
    }
}
