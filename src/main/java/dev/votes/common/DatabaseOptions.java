package dev.votes.common;

import java.nio.file.Path;

import picocli.CommandLine.Option;

/** {@code --db}: which warehouse file a command works on. */
public class DatabaseOptions {

    @Option(names = "--db", paramLabel = "PATH", defaultValue = "${env:VOTES_DB:-warehouse.db}",
            description = "DuckDB warehouse file (default: ${DEFAULT-VALUE}; env VOTES_DB overrides the default).")
    Path database;

    public Path database() {
        return database;
    }
}
