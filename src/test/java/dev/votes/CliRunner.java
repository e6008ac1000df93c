package dev.votes;

import java.io.PrintWriter;
import java.io.StringWriter;

import dev.votes.cli.VotesCommand;
import dev.votes.common.ErrorHandler;
import picocli.CommandLine;

/** Runs the real command line in-process, as Quarkus wires it, capturing stdout and stderr. */
public final class CliRunner {

    private final CommandLine.IFactory factory;

    public CliRunner(CommandLine.IFactory factory) {
        this.factory = factory;
    }

    public Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine commandLine = ErrorHandler.install(new CommandLine(VotesCommand.class, factory));
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        int exitCode = commandLine.execute(args);
        return new Result(exitCode, out.toString(), err.toString());
    }

    public record Result(int exitCode, String out, String err) {

        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }
}
