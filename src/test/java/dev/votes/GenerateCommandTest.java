package dev.votes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import dev.votes.cli.exit.ExitCodes;
import io.quarkus.test.junit.QuarkusTest;

/** {@code votes generate}: deterministic synthetic data whose bad and duplicate lines the loader accounts for exactly. */
@QuarkusTest
class GenerateCommandTest extends InProcessCommandTest {

    @Test
    void theSameOptionsGiveTheSameBytesAndAnotherSeedDoesNot() throws Exception {
        Path first = generate("a.jsonl", "--seed", "7");
        Path second = generate("b.jsonl", "--seed", "7");
        Path other = generate("c.jsonl", "--seed", "8");

        assertTrue(Arrays.equals(Files.readAllBytes(first), Files.readAllBytes(second)));
        assertFalse(Arrays.equals(Files.readAllBytes(first), Files.readAllBytes(other)));
        assertEquals(20_000, Files.readAllLines(first).size());
    }

    @Test
    void theLoaderRejectsExactlyTheBadLinesAndCountsTheRepeatedIdsAsDuplicates() throws Exception {
        Path file = dir.resolve("votes.jsonl.gz");
        CliRunner.Result generated = cli.run("generate", "--rows", "20000", "--bad", "0.01", "--duplicates", "0.05",
                "--out", file.toString());
        assertEquals(ExitCodes.OK, generated.exitCode(), generated::toString);
        long bad = number(generated.err(), " bad)");

        CliRunner.Result ingest = cli.run("ingest", "--db", db.toString(), file.toString());

        assertEquals(ExitCodes.COMMITTED_WITH_REJECTS, ingest.exitCode(), ingest::toString);
        assertTrue(bad > 150 && bad < 250, generated::toString);
        assertEquals(bad, Warehouses.count(db, "SELECT count(*) FROM blog_analysis.rejected_votes"));
        assertTrue(Warehouses.count(db, "SELECT count(DISTINCT reason) FROM blog_analysis.rejected_votes") >= 6);
        assertTrue(Warehouses.count(db, "SELECT duplicates_skipped FROM blog_analysis.ingestion_runs") > 800, ingest::toString);
        assertTrue(Warehouses.count(db, "SELECT count(*) FROM blog_analysis.votes WHERE UserId IS NOT NULL") > 4000);
        assertTrue(Warehouses.count(db, "SELECT count(DISTINCT date_part('year', CreationDate)) FROM blog_analysis.votes")
                >= 10, "dates spread over the years");
    }

    @Test
    void anOutThatIsNotARegularFileIsRefusedAndLeftAsItWas() throws Exception {
        for (SpecialFiles.Obstacle obstacle : SpecialFiles.makeAll(dir)) {
            Map<String, Object> before = SpecialFiles.snapshot(obstacle.path());
            List<String> listing = listing();

            CliRunner.Result result = cli.run("generate", "--rows", "1000", "--out", obstacle.path().toString());

            assertEquals(ExitCodes.FAILURE, result.exitCode(), result::toString);
            assertEquals(List.of("votes: refusing to write --out " + obstacle.path() + ": it is " + obstacle.kind()
                    + ", not a regular file; nothing was written ("
                    + (obstacle.kind().startsWith("a symbolic link to " + dir.resolve("regular"))
                    ? "pass --out " + dir.resolve("regular.jsonl") + " to replace the file it points to"
                    : "pass --out with the path of a regular file or of a new one, or omit --out to write to "
                    + "stdout") + ")"), result.err().lines().toList());
            assertEquals(before, SpecialFiles.snapshot(obstacle.path()), obstacle::toString);
            assertEquals(listing, listing(), "nothing created beside it");
            assertEquals("", result.out());
        }
    }

    @Test
    void aRegularFileIsReplacedAndANewOneCreated() throws Exception {
        Path existing = Files.writeString(dir.resolve("existing.jsonl"), "old\n");

        CliRunner.Result replaced = cli.run("generate", "--rows", "10", "--out", existing.toString());
        CliRunner.Result created = cli.run("generate", "--rows", "10", "--out", dir.resolve("new/votes.jsonl").toString());

        assertEquals(ExitCodes.OK, replaced.exitCode(), replaced::toString);
        assertEquals(ExitCodes.OK, created.exitCode(), created::toString);
        assertEquals(10, Files.readAllLines(existing).size());
        assertEquals(Files.readString(existing), Files.readString(dir.resolve("new/votes.jsonl")));
        assertEquals(List.of("existing.jsonl", "new"), listing());
    }

    @Test
    void outOfRangeSharesAreAUsageError() {
        CliRunner.Result result = cli.run("generate", "--rows", "10", "--bad", "1.5");

        assertEquals(ExitCodes.USAGE, result.exitCode(), result::toString);
        assertTrue(result.err().contains("--bad"), result::toString);
    }

    @Test
    void theFileGetsTheModeTheUmaskGivesANewFile() throws Exception {
        Path probe = Files.createFile(dir.resolve("probe"));
        Path existing = Files.writeString(dir.resolve("existing.jsonl"), "old\n");
        Files.setPosixFilePermissions(existing, PosixFilePermissions.fromString("rw-------"));

        Path fresh = generate("fresh.jsonl");
        Path replaced = generate("existing.jsonl");

        String umasked = PosixFilePermissions.toString(Files.getPosixFilePermissions(probe));
        assertEquals(umasked, PosixFilePermissions.toString(Files.getPosixFilePermissions(fresh)));
        assertEquals(umasked, PosixFilePermissions.toString(Files.getPosixFilePermissions(replaced)),
                "a replaced file is a new file");
    }

    private Path generate(String name, String... options) {
        Path file = dir.resolve(name);
        String[] args = new String[options.length + 5];
        args[0] = "generate";
        args[1] = "--rows";
        args[2] = "20000";
        args[3] = "--out";
        args[4] = file.toString();
        System.arraycopy(options, 0, args, 5, options.length);
        CliRunner.Result result = cli.run(args);
        assertEquals(ExitCodes.OK, result.exitCode(), result::toString);
        return file;
    }

    private List<String> listing() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private static long number(String text, String before) {
        String head = text.substring(0, text.indexOf(before));
        return Long.parseLong(head.substring(head.lastIndexOf(' ') + 1));
    }
}
