package dev.votes.cli;

import java.io.PrintWriter;

import io.quarkus.picocli.runtime.PicocliRunner;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;

import picocli.CommandLine;

import dev.votes.cli.exit.ExitCodes;
import dev.votes.cli.options.ServeOptions;
import dev.votes.common.Trace;
import dev.votes.config.Environment;
import dev.votes.failure.VotesFailure;
import dev.votes.serve.Listener;

/**
 * The entry point. {@code votes serve} starts Quarkus (the HTTP listener, REST, health, OpenAPI) with the listener
 * configured from the command line ({@code --port}, {@code --bind}, {@code --max-upload}). Every other command needs
 * none of that: it runs picocli directly on commands built by {@link PlainCommandFactory}, so it pays neither for the
 * container's start nor for the HTTP stack's (a native {@code votes --help} takes about 10 ms instead of 30).
 * Either way picocli parses the same arguments and {@link ErrorHandler} reports any mistake in them.
 */
@QuarkusMain
public class VotesMain {

    public static void main(String... args) {
        if (ServeOptions.isServe(args)) {
            String cannotStart = ServeOptions.configureHttp(args);
            if (cannotStart != null) {
                System.err.println(cannotStart);
                System.exit(ExitCodes.FAILURE);
                return;
            }
            // Quarkus's own report of a failed start (framework log lines, kill -9 advice) is replaced by one line.
            Quarkus.run(PicocliRunner.class, (exitCode, failure) -> System.exit(failure == null ? exitCode
                    : startFailed(Listener.startFailure(failure))), args);
            return;
        }
        System.exit(run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args));
    }

    /** Reports a serve that could not start in one line on stderr; returns the exit code that reports it. */
    private static int startFailed(VotesFailure failure) {
        System.err.println("votes serve: " + failure.getMessage());
        System.err.flush();
        return ExitCodes.of(failure);
    }

    /** Runs a command other than {@code serve} without the container; returns its exit code. */
    static int run(PrintWriter out, PrintWriter err, String... args) {
        return run(Environment.current(), out, err, args);
    }

    /** As {@link #run(PrintWriter, PrintWriter, String...)}, with the environment settings are read from. */
    static int run(Environment environment, PrintWriter out, PrintWriter err, String... args) {
        long started = Trace.start();
        CommandLine commandLine = CommandLineConfiguration.wire(
                new CommandLine(VotesCommand.class, new PlainCommandFactory()), environment);
        commandLine.setOut(out);
        commandLine.setErr(err);
        int exitCode = commandLine.execute(args);
        out.flush();
        err.flush();
        Trace.done("votes " + String.join(" ", args), started);
        return exitCode;
    }
}
