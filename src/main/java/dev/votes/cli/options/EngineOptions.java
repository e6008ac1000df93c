package dev.votes.cli.options;

import dev.votes.warehouse.EngineSettings;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code --memory-limit} and {@code --threads}: DuckDB's resources for a command that loads or computes. */
public class EngineOptions {

    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    @Option(names = "--memory-limit", paramLabel = "SIZE",
            defaultValue = "${env:VOTES_MEMORY_LIMIT:-" + EngineSettings.DEFAULT_MEMORY_LIMIT + "}",
            description = "DuckDB's memory limit, e.g. 768MB, 2GB, 1GiB or 50%% of RAM (GB = 10^9 bytes, GiB = 2^30); "
                    + "beyond it DuckDB spills to <warehouse>.tmp (default: ${DEFAULT-VALUE}; env VOTES_MEMORY_LIMIT).")
    String memoryLimit;

    @Option(names = "--threads", paramLabel = "N", defaultValue = "${env:VOTES_THREADS}",
            description = "DuckDB's worker threads, 1.." + EngineSettings.MAX_THREADS
                    + " (default: one per core; env VOTES_THREADS).")
    Integer threads;

    /** The validated settings; a bad value is a usage error naming the option. */
    public EngineSettings settings() {
        try {
            EngineSettings.memoryLimit(memoryLimit);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "Invalid value for option '--memory-limit': " + e.getMessage());
        }
        try {
            return EngineSettings.of(memoryLimit, threads);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "Invalid value for option '--threads': " + e.getMessage());
        }
    }
}
