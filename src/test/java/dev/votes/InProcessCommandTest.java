package dev.votes;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

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

    /** Writes the lines, each ending in a line break, to a file of the test's directory; returns its absolute path. */
    Path write(String name, String... lines) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, String.join("\n", lines) + "\n");
        return file.toAbsolutePath();
    }

    /** {@code ingest --db WAREHOUSE} and the arguments, a list of files giving one argument each. */
    static String[] ingest(Path warehouse, Object... arguments) {
        List<String> command = new ArrayList<>(List.of("ingest", "--db", warehouse.toString()));
        for (Object argument : arguments) {
            if (argument instanceof List<?> files) {
                files.forEach(file -> command.add(file.toString()));
            } else {
                command.add(argument.toString());
            }
        }
        return command.toArray(String[]::new);
    }

    /** The counts of an ingest summary line: {@code read 9, inserted 6, duplicates 2, rejected 1}. */
    static String countsOf(String summary) {
        int from = summary.indexOf("read ");
        return summary.substring(from, summary.indexOf(" in ", from));
    }
}
