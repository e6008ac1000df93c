package dev.votes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import dev.votes.cli.exit.ExitCodes;
import dev.votes.common.Terminal;
import io.quarkus.test.junit.QuarkusTest;

/** The load's progress bar: drawn in place on stderr when asked for (or on a terminal), never otherwise. */
@QuarkusTest
class ProgressBarTest extends InProcessCommandTest {

    @Test
    void withoutATerminalStderrHoldsOnlyTheSummaryLine() throws Exception {
        assertFalse(Terminal.stderrIsTerminal(), "the tests' stderr is not a terminal");
        Path file = generated(50_000);

        CliRunner.Result result = cli.run("ingest", "--db", db.toString(), file.toString());

        assertEquals(ExitCodes.OK, result.exitCode(), result::toString);
        assertFalse(result.err().contains("\r"), result::toString);
        assertEquals(1, result.err().lines().count(), result::toString);
    }

    @Test
    void progressAlwaysDrawsTheBarInPlaceAndClearsItBeforeTheSummary() throws Exception {
        Path clean = generated(200_000);
        Path dirty = dir.resolve("dirty.jsonl");
        Files.writeString(dirty, "not json\n");

        CliRunner.Result result = cli.run("ingest", "--db", db.toString(), "--progress", "always", clean.toString(),
                dirty.toString());

        assertEquals(ExitCodes.COMMITTED_WITH_REJECTS, result.exitCode(), result::toString);
        String err = result.err();
        assertTrue(err.contains("\r[") && err.contains("reading file 1/2: votes.jsonl"), err);
        assertTrue(err.contains("finding the bad lines of file 2/2: dirty.jsonl"), err);
        assertTrue(err.contains("inserting 200000 valid rows") && err.contains("quarantining 1 rejected rows"), err);
        String lastLine = err.substring(err.lastIndexOf('\r') + 1);
        assertTrue(lastLine.strip().startsWith("ingest run 1 succeeded_with_rejects"), "the bar is cleared: " + err);
    }

    @Test
    void progressNeverKeepsEvenAVerboseRunFreeOfTheBar() throws Exception {
        CliRunner.Result result = cli.run("ingest", "--db", db.toString(), "--progress", "never", "-v",
                generated(1_000).toString());

        assertEquals(ExitCodes.OK, result.exitCode(), result::toString);
        assertFalse(result.err().contains("\r"), result::toString);
        assertTrue(result.err().contains("all valid"), result::toString);
    }

    private Path generated(long rows) {
        Path file = dir.resolve("votes.jsonl");
        CliRunner.Result generated = cli.run("generate", "--rows", String.valueOf(rows), "--duplicates", "0", "--bad", "0",
                "--out", file.toString());
        assertEquals(ExitCodes.OK, generated.exitCode(), generated::toString);
        return file;
    }
}
