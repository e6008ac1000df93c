package dev.votes.cli.options;

import java.io.PrintWriter;

import picocli.CommandLine.Option;
import dev.votes.common.Progress;
import dev.votes.common.Terminal;

/** {@code -v/--verbose} and {@code -e/--errors}: how much the tool tells on stderr. */
public class DiagnosticOptions {

    public static final String ERRORS_OPTION = "--errors";

    @Option(names = {"-v", "--verbose"}, description = "Print progress details on stderr.")
    boolean verbose;

    @Option(names = {"-e", ERRORS_OPTION}, description = "On failure, print the full stack trace instead of one line.")
    boolean errors;

    @Option(names = "--progress", paramLabel = "WHEN", defaultValue = "${env:VOTES_PROGRESS:-auto}",
            description = "Progress bar on stderr for long loads: auto (only when stderr is a terminal), always, never "
                    + "(default ${DEFAULT-VALUE}; env VOTES_PROGRESS).")
    Progress.When progressBar = Progress.When.auto;

    public boolean verbose() {
        return verbose;
    }

    /** Progress lines on {@code err} with {@code -v}, a bar where wanted; otherwise {@link Progress#QUIET}. */
    public Progress progress(PrintWriter err) {
        boolean bar = progressBar == Progress.When.always || progressBar == Progress.When.auto && Terminal.stderrIsTerminal();
        if (!verbose && !bar) {
            return Progress.QUIET;
        }
        return Progress.onTerminal(err, verbose, bar);
    }
}
