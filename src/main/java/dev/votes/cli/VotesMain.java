package dev.votes.cli;

import io.quarkus.picocli.runtime.PicocliRunner;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;

import picocli.CommandLine;

import dev.votes.common.ErrorHandler;
import dev.votes.common.Trace;
import dev.votes.serve.ServeOptions;

/**
 * The entry point. {@code votes serve} starts Quarkus (the HTTP listener, REST, health, OpenAPI) with the listener
 * configured from the command line ({@code --port}, {@code --bind}, {@code --max-upload}). Every other command needs
 * none of that: it runs picocli directly on commands built by {@link PlainCommandFactory}, so it pays neither for the
 * container's start nor for the HTTP stack's (a native {@code votes --help} takes a few milliseconds instead of 30).
 * Either way picocli parses the same arguments and {@link ErrorHandler} reports any mistake in them.
 */
@QuarkusMain
public class VotesMain {

    public static void main(String... args) {
        long started = Trace.start();
        if (args.length > 0 && ServeOptions.COMMAND.equals(args[0])) {
            ServeOptions.configureHttp(args);
            Quarkus.run(PicocliRunner.class, args);
            return;
        }
        CommandLine commandLine = ErrorHandler.install(new CommandLine(VotesCommand.class, new PlainCommandFactory()));
        int exitCode = commandLine.execute(args);
        commandLine.getOut().flush();
        commandLine.getErr().flush();
        Trace.done("votes " + String.join(" ", args), started);
        System.exit(exitCode);
    }
}
