package dev.votes.cli.options;

import java.nio.file.Path;
import java.time.Duration;

import dev.votes.warehouse.WarehouseFile;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code --db} and {@code --wait}: which warehouse file a command works on, and how long to wait for its lock. */
public class DatabaseOptions {

    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    @Option(names = "--db", paramLabel = "PATH", defaultValue = "${env:VOTES_DB:-warehouse.db}",
            description = "DuckDB warehouse file (default: ${DEFAULT-VALUE}; env VOTES_DB overrides the default).")
    Path database;

    @Option(names = "--wait", paramLabel = "SECONDS", defaultValue = "${env:VOTES_WAIT:-0}",
            description = "When another process holds the warehouse's lock, wait up to SECONDS for it instead of "
                    + "failing at once with exit code 4 (default: ${DEFAULT-VALUE}; env VOTES_WAIT).")
    double waitSeconds;

    public Path database() {
        return database;
    }

    /** The warehouse with its lock-wait budget; a negative or non-finite {@code --wait} is a usage error. */
    public WarehouseFile warehouse() {
        try {
            return new WarehouseFile(database, WarehouseFile.waitBudget(waitSeconds));
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "Invalid value for option '--wait': " + e.getMessage());
        }
    }
}
