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

    public boolean verbose() {
        return verbose;
    }

    /** Progress lines on {@code err} with {@code -v}; otherwise {@link Progress#QUIET}. */
    public Progress progress(PrintWriter err) {
        return verbose ? line -> {
            err.println(line);
            err.flush();
        } : Progress.QUIET;
    }
}
