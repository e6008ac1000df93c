package dev.votes.cli.options;

import picocli.CommandLine.Option;
import dev.votes.common.OutputFormat;

/** {@code --format}: how data is written to stdout. */
public class OutputOptions {

    @Option(names = "--format", paramLabel = "FORMAT",
            description = "Output on stdout: ${COMPLETION-CANDIDATES}.")
    OutputFormat format;

    /** The format asked for, or {@code fallback} when {@code --format} was not given. */
    public OutputFormat formatOr(OutputFormat fallback) {
        return format == null ? fallback : format;
    }

    /** Whether {@code --format} was given at all. */
    public boolean given() {
        return format != null;
    }
}
