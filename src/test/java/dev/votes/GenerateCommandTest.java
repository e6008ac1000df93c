package dev.votes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import org.junit.jupiter.api.Test;

import dev.votes.common.ExitCodes;
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
    void outOfRangeSharesAreAUsageError() {
        CliRunner.Result result = cli.run("generate", "--rows", "10", "--bad", "1.5");

        assertEquals(ExitCodes.USAGE, result.exitCode(), result::toString);
        assertTrue(result.err().contains("--bad"), result::toString);
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

    private static long number(String text, String before) {
        String head = text.substring(0, text.indexOf(before));
        return Long.parseLong(head.substring(head.lastIndexOf(' ') + 1));
    }
}
