package dev.votes.common;

import java.io.PrintWriter;

import picocli.CommandLine.Option;

/** {@code -v/--verbose} and {@code -e/--errors}: how much the tool tells on stderr. */
public class DiagnosticOptions {

    public static final String ERRORS_OPTION = "--errors";

    @Option(names = {"-v", "--verbose"}, description = "Print progress details on stderr.")
    boolean verbose;

    @Option(names = {"-e", ERRORS_OPTION}, description = "On failure, print the full stack trace instead of one line.")
    boolean errors;

    /** When to draw progress bars on stderr. */
    public enum When { auto, always, never }

    @Option(names = "--progress", paramLabel = "WHEN", defaultValue = "${env:VOTES_PROGRESS:-auto}",
            description = "Progress bar on stderr for long loads: auto (only when stderr is a terminal), always, never "
                    + "(default ${DEFAULT-VALUE}; env VOTES_PROGRESS).")
    When progressBar = When.auto;

    public boolean verbose() {
        return verbose;
    }

    /** Progress lines on {@code err} with {@code -v}, a bar where wanted; otherwise {@link Progress#QUIET}. */
    public Progress progress(PrintWriter err) {
        boolean bar = progressBar == When.always || progressBar == When.auto && Terminal.stderrIsTerminal();
        if (!verbose && !bar) {
            return Progress.QUIET;
        }
        return new TerminalProgress(err, verbose, bar);
    }
}
