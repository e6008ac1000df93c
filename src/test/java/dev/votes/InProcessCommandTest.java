package dev.votes;

import java.nio.file.Path;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

import picocli.CommandLine;

/** Shared set-up of the in-process command tests: the CDI-wired command line and a fresh warehouse path per test. */
abstract class InProcessCommandTest {

    @Inject
    CommandLine.IFactory factory;

    @TempDir
    Path dir;

    CliRunner cli;
    Path db;

    @BeforeEach
    void setUpCommandLine() {
        cli = new CliRunner(factory);
        db = dir.resolve("warehouse.db");
    }
}
