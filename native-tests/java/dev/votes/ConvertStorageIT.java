package dev.votes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.votes.PackagedCli.Result;
import dev.votes.PackagedCli.Running;
import dev.votes.cli.exit.ExitCodes;

/**
 * {@code votes convert-storage} of the packaged executable, stopped at the worst moments: SIGKILL at random moments
 * (the warehouse is always either the original, byte for byte, or the whole conversion; the next run cleans up), SIGTERM
 * during the copy (exit 143, the original untouched, no copy left), and a final rename that the file system refuses (the
 * warehouse is a mount point in a private mount namespace).
 */
class ConvertStorageIT {

    /** The rows of the warehouse converted: enough for a copy that takes a while. */
    private static final long ROWS = 2_000_000;

    @TempDir
    static Path shared;

    /** A warehouse in DuckDB 2.0's format with {@link #ROWS} votes, copied for each test. */
    static Path template;
    static String templateSha;

    @TempDir
    Path dir;

    @BeforeAll
    static void latestWarehouse() throws Exception {
        Path votes = shared.resolve("votes.jsonl");
        RegularVotes.write(votes, 1, ROWS);
        template = shared.resolve("template.db");
        Result ingest = PackagedCli.run(shared, "ingest", "--storage-version", "latest", "--db", template.toString(),
                votes.toString());
        assertEquals(ExitCodes.OK, ingest.exitCode(), ingest::toString);
        assertEquals(ExitCodes.OK, PackagedCli.run(shared, "outliers", "--db", template.toString()).exitCode());
        assertEquals("v2.0.0+", Warehouses.storageVersion(template));
        templateSha = sha256(template);
    }

    @Test
    void sigkillAtRandomMomentsLeavesTheOriginalOrTheWholeConversionAndTheNextRunCleansUp() throws Exception {
        Path db = Files.copy(template, dir.resolve("warehouse.db"));
        long convertMillis = timeOneConversion();
        long seed = Long.getLong("votes.kill.seed", 20261130L);
        Random random = new Random(seed);
        List<String> moments = new ArrayList<>();
        int killedBeforeTheRename = 0;

        for (int attempt = 0; attempt < 6; attempt++) {
            long delay = (long) (random.nextDouble() * convertMillis * 1.1);
            Running convert = PackagedCli.start(dir, "convert-storage", "-v", "--db", db.toString());
            convert.awaitErr("attached " + db, Duration.ofMinutes(1));
            Thread.sleep(delay);
            convert.process().destroyForcibly(); // SIGKILL
            assertTrue(convert.process().waitFor(30, TimeUnit.SECONDS));
            String context = "seed " + seed + ", kills at " + moments + " and " + delay + " ms";

            if (sha256(db).equals(templateSha)) {
                killedBeforeTheRename++;
                moments.add(delay + " ms: the original");
            } else {
                assertEquals("v1.0.0+", Warehouses.storageVersion(db), "the whole conversion: " + context);
                assertEquals(ROWS, Warehouses.count(db, "SELECT count(*) FROM blog_analysis.votes"), context);
                moments.add(delay + " ms: converted");
                Files.copy(template, db, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        }
        assertTrue(killedBeforeTheRename >= 3, "most kills landed before the rename (" + convertMillis + " ms): "
                + moments);

        Result rerun = PackagedCli.run(dir, "convert-storage", "-v", "--db", db.toString());
        assertEquals(ExitCodes.OK, rerun.exitCode(), rerun::toString);
        assertEquals("v1.0.0+", Warehouses.storageVersion(db));
        assertEquals(ROWS, Warehouses.count(db, "SELECT count(*) FROM blog_analysis.votes"));
        assertEquals(ExitCodes.OK, PackagedCli.run(dir, "check", "--db", db.toString()).exitCode());
        assertEquals(List.of("warehouse.db"), files(dir), "the copy a kill left was deleted: " + rerun);
    }

    @Test
    void sigtermDuringTheCopyIsExit143AndLeavesTheOriginalAndNoCopy() throws Exception {
        Path db = Files.copy(template, dir.resolve("warehouse.db"));

        Running convert = PackagedCli.start(dir, "convert-storage", "-v", "--db", db.toString());
        convert.awaitErr("copying into", Duration.ofMinutes(1));
        convert.signal("TERM");
        Result result = convert.await(Duration.ofMinutes(1));

        assertEquals(ExitCodes.TERMINATED, result.exitCode(), result::toString);
        assertTrue(result.err().strip().endsWith("votes: convert-storage of " + db + " interrupted by SIGTERM: " + db
                + " was left as it was"), result::toString);
        assertEquals(templateSha, sha256(db));
        assertEquals(List.of("warehouse.db"), files(dir));
    }

    @Test
    void aFinalRenameTheFileSystemRefusesLeavesTheOriginalAndNoCopy() throws Exception {
        Path db = Files.copy(template, dir.resolve("warehouse.db"));
        // A private mount namespace in which the warehouse file is a mount point (bound onto itself): it can be read
        // and written, but renaming another file over it fails with EBUSY.
        List<String> command = new ArrayList<>(List.of("unshare", "-m", "sh", "-c",
                "mount --bind \"$1\" \"$1\" || exit 99; shift; exec \"$@\"", "sh", db.toString()));
        command.addAll(PackagedCli.command(List.of(), "convert-storage", "--db", db.toString()));

        Result result = PackagedCli.start(dir, new ProcessBuilder(command)).await(Duration.ofMinutes(3));

        assumeTrue(result.exitCode() != 99, "this machine lets no one bind-mount in a private namespace: " + result);
        assertEquals(ExitCodes.FAILURE, result.exitCode(), result::toString);
        assertEquals(1, result.err().lines().count(), result::toString);
        assertTrue(result.err().startsWith("votes: convert-storage failed, " + db + " was left as it was: cannot rename "
                + dir.resolve(".warehouse.db.convert-storage") + " to " + db + ": "), result::toString);
        assertEquals(templateSha, sha256(db));
        assertEquals("v2.0.0+", Warehouses.storageVersion(db));
        assertEquals(List.of("warehouse.db"), files(dir), "the copy was deleted");
    }

    /** How long one conversion of the template takes on this machine, from attaching it to its end. */
    private long timeOneConversion() throws Exception {
        Path timing = Files.createDirectory(dir.resolve("timing"));
        Path db = Files.copy(template, timing.resolve("warehouse.db"));
        Running convert = PackagedCli.start(timing, "convert-storage", "-v", "--db", db.toString());
        convert.awaitErr("attached " + db, Duration.ofMinutes(1));
        long started = System.nanoTime();
        Result result = convert.await(Duration.ofMinutes(3));
        assertEquals(ExitCodes.OK, result.exitCode(), result::toString);
        long millis = Duration.ofNanos(System.nanoTime() - started).toMillis();
        try (Stream<Path> files = Files.list(timing)) {
            for (Path file : files.toList()) {
                Files.delete(file);
            }
        }
        Files.delete(timing);
        return millis;
    }

    /** The names in the directory, without the CLI's own output files. */
    private static List<String> files(Path directory) throws Exception {
        try (Stream<Path> files = Files.list(directory)) {
            return files.map(file -> file.getFileName().toString()).filter(name -> !name.startsWith("process-"))
                    .sorted().toList();
        }
    }

    private static String sha256(Path file) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }
}
