package dev.votes.cli;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/** {@code --limit N} and {@code --all} of the listing commands, as one row limit. */
final class Limits {

    private Limits() {
    }

    /** The number of rows to show: all of them with {@code --all}; a {@code --limit} below 1 is a usage error. */
    static long of(CommandSpec spec, long limit, boolean all) {
        if (all) {
            return Long.MAX_VALUE;
        }
        if (limit < 1) {
            throw new ParameterException(spec.commandLine(),
                    "Invalid value for option '--limit': " + limit + " (give a number >= 1, or --all)");
        }
        return limit;
    }
}
