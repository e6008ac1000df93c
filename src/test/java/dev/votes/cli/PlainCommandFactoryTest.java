package dev.votes.cli;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import picocli.CommandLine;

/**
 * The commands as every command but {@code serve} runs them: built without the Quarkus container. Every subcommand can
 * be made (a command whose dependencies are not wired here fails at once); VotesMainTest runs them.
 */
class PlainCommandFactoryTest {

    @Test
    void everySubcommandIsBuiltWithItsServices() {
        CommandLine commandLine = new CommandLine(VotesCommand.class, new PlainCommandFactory());

        assertTrue(commandLine.getSubcommands().size() >= 10, commandLine.getSubcommands().keySet()::toString);
        commandLine.getSubcommands().forEach((name, sub) -> assertNotNull(sub.getCommand(), name));
    }
}
