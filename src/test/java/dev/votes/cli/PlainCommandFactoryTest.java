package dev.votes.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;

import org.junit.jupiter.api.Test;

import picocli.CommandLine;

import dev.votes.common.ErrorHandler;
import dev.votes.common.ExitCodes;

/**
 * The commands as every command but {@code serve} runs them: built without the Quarkus container. Every subcommand can
 * be made (a command whose dependencies are not wired here fails at once), and a command runs end to end.
 */
class PlainCommandFactoryTest {

    @Test
    void everySubcommandIsBuiltWithItsServices() {
        CommandLine commandLine = new CommandLine(VotesCommand.class, new PlainCommandFactory());

        assertTrue(commandLine.getSubcommands().size() >= 10, commandLine.getSubcommands().keySet()::toString);
        commandLine.getSubcommands().forEach((name, sub) -> assertNotNull(sub.getCommand(), name));
    }

    @Test
    void aCommandRunsWithoutTheContainerAndMistakesStillGetTheUsageExitCode() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine commandLine = ErrorHandler.install(new CommandLine(VotesCommand.class, new PlainCommandFactory()));
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));

        assertEquals(ExitCodes.OK, commandLine.execute("--version"));
        assertTrue(out.toString().startsWith("votes "), out::toString);
        assertEquals(ExitCodes.USAGE, commandLine.execute("ingset"));
        assertEquals(1, err.toString().lines().count(), err::toString);
    }
}
