package dev.votes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.votes.common.ExitCodes;
import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;

/** The wiring: the application's real main (CDI, the produced CommandLine, its error handler, exit codes). */
@QuarkusMainTest
class VotesMainTest {

    @TempDir
    Path dir;

    @Test
    void ingestThenOutliersThroughTheRealMain(QuarkusMainLauncher launcher) {
        String db = dir.resolve("w.db").toString();

        LaunchResult ingest = launcher.launch("ingest", "--db", db, IngestCommandTest.example().toString());
        LaunchResult outliers = launcher.launch("outliers", "--db", db, "--format", "csv");

        assertEquals(ExitCodes.OK, ingest.exitCode(), ingest.getErrorOutput());
        assertTrue(ingest.getErrorOutput().contains("inserted 16"), ingest.getErrorOutput());
        assertEquals(ExitCodes.OK, outliers.exitCode(), outliers.getErrorOutput());
        assertEquals("Year,WeekNumber,VoteCount", outliers.getOutputStream().getFirst());
        assertEquals(7, outliers.getOutputStream().size());
    }

    @Test
    void failuresAndUsageErrorsMapToTheirExitCodes(QuarkusMainLauncher launcher) {
        LaunchResult missing = launcher.launch("outliers", "--db", dir.resolve("none.db").toString());
        LaunchResult noVerb = launcher.launch();
        LaunchResult version = launcher.launch("--version");

        assertEquals(ExitCodes.FAILURE, missing.exitCode());
        assertTrue(missing.getErrorOutput().startsWith("votes: no warehouse at"), missing.getErrorOutput());
        assertEquals(ExitCodes.USAGE, noVerb.exitCode());
        assertTrue(noVerb.getErrorOutput().contains("Missing required subcommand"), noVerb.getErrorOutput());
        assertEquals(ExitCodes.OK, version.exitCode());
        assertTrue(version.getOutput().startsWith("votes "), version.getOutput());
    }
}
