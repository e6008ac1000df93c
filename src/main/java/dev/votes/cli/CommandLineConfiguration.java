package dev.votes.cli;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

import dev.votes.config.Environment;
import dev.votes.config.SettingsProvider;
import io.quarkus.picocli.runtime.PicocliCommandLineFactory;
import picocli.CommandLine;

/**
 * The command line Quarkus runs: picocli's, with the tool's one exception-to-exit-code mapper and its settings (env,
 * configuration file) installed.
 */
@ApplicationScoped
public class CommandLineConfiguration {

    @Produces
    CommandLine commandLine(PicocliCommandLineFactory factory) {
        return wire(factory.create(), Environment.current());
    }

    /**
     * What every way of running the tool installs on its command line: the error handler and the defaults from the
     * environment and the configuration file ({@link SettingsProvider}). Returns the command line.
     */
    public static CommandLine wire(CommandLine commandLine, Environment environment) {
        return SettingsProvider.install(ErrorHandler.install(commandLine), environment);
    }
}
