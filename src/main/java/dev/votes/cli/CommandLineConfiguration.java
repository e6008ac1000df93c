package dev.votes.cli;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

import dev.votes.common.ErrorHandler;
import io.quarkus.picocli.runtime.PicocliCommandLineFactory;
import picocli.CommandLine;

/** The command line Quarkus runs: picocli's, with the tool's one exception-to-exit-code mapper installed. */
@ApplicationScoped
public class CommandLineConfiguration {

    @Produces
    CommandLine commandLine(PicocliCommandLineFactory factory) {
        return ErrorHandler.install(factory.create());
    }
}
