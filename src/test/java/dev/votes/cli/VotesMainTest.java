package dev.votes.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.votes.cli.exit.ExitCodes;

/**
 * The application's real main for every command but serve: picocli on {@link PlainCommandFactory} without the container,
 * its error handler and exit codes (main itself ends the process with {@link #run}'s code; the black-box tests run it
 * as a process).
 */
class VotesMainTest {

    @TempDir
    Path dir;

    @Test
    void ingestThenOutliersThroughTheRealMain() throws Exception {
        String db = dir.resolve("w.db").toString();

        Run ingest = run("ingest", "--db", db, example().toString());
        Run outliers = run("outliers", "--db", db, "--format", "csv");

        assertEquals(ExitCodes.OK, ingest.exitCode(), ingest::toString);
        assertTrue(ingest.err().contains("inserted 16"), ingest::toString);
        assertEquals(ExitCodes.OK, outliers.exitCode(), outliers::toString);
        assertEquals(List.of("Year,WeekNumber,VoteCount", "2022,0,1", "2022,1,3", "2022,2,3", "2022,5,1", "2022,6,1",
                "2022,8,1"), outliers.out().lines().toList());
    }

    @Test
    void failuresAndUsageErrorsMapToTheirExitCodes() {
        Run missing = run("outliers", "--db", dir.resolve("none.db").toString());
        Run noVerb = run();
        Run typo = run("ingset");
        Run version = run("--version");

        assertEquals(ExitCodes.FAILURE, missing.exitCode());
        assertTrue(missing.err().startsWith("votes: no warehouse at"), missing::toString);
        assertEquals(ExitCodes.USAGE, noVerb.exitCode());
        assertTrue(noVerb.err().contains("Missing required subcommand"), noVerb::toString);
        assertEquals(ExitCodes.USAGE, typo.exitCode());
        assertEquals(1, typo.err().lines().count(), typo::toString);
        assertEquals(ExitCodes.OK, version.exitCode());
        assertTrue(version.out().startsWith("votes "), version::toString);
    }

    @Test
    void errorLinesAreNotColouredWhenStderrIsNoTerminal() {
        // picocli's own test would colour (forced here); the tool asks whether stderr itself is a terminal.
        String before = System.setProperty("picocli.ansi", "true");
        try {
            Run missing = run("outliers", "--db", dir.resolve("none.db").toString());
            Run typo = run("outliers", "--no-such-option");

            assertFalse(missing.err().contains("\u001B["), missing::toString);
            assertFalse(typo.err().contains("\u001B["), typo::toString);
            assertTrue(typo.err().contains("--no-such-option"), typo::toString);
        } finally {
            if (before == null) {
                System.clearProperty("picocli.ansi");
            } else {
                System.setProperty("picocli.ansi", before);
            }
        }
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exitCode = VotesMain.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Run(exitCode, out.toString(), err.toString());
    }

    private static Path example() throws URISyntaxException {
        return Path.of(VotesMainTest.class.getResource("/example-votes.jsonl").toURI());
    }

    private record Run(int exitCode, String out, String err) {
    }
}
