package dev.votes;

import java.io.PrintWriter;
import java.io.StringWriter;

import dev.votes.cli.CommandLineConfiguration;
import dev.votes.cli.VotesCommand;
import dev.votes.config.Environment;
import picocli.CommandLine;

/**
 * Runs the real command line in-process, as Quarkus wires it, capturing stdout and stderr; settings come from this
 * process's environment and working directory, or the ones given.
 */
public final class CliRunner {

    private final CommandLine.IFactory factory;
    private final Environment environment;

    public CliRunner(CommandLine.IFactory factory) {
        this(factory, Environment.current());
    }

    public CliRunner(CommandLine.IFactory factory, Environment environment) {
        this.factory = factory;
        this.environment = environment;
    }

    public Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine commandLine = CommandLineConfiguration.wire(new CommandLine(VotesCommand.class, factory),
                environment);
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
