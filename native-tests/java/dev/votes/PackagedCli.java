package dev.votes;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Starts the packaged executable as a real process: the native binary when built with -Dnative, the JVM runner jar
 * otherwise (system property {@code votes.executable}, set by the POM). Output goes to files in the test's directory,
 * so a test can watch stderr while the process runs.
 */
final class PackagedCli {

    static final Path EXECUTABLE = Path.of(System.getProperty("votes.executable", "target/quarkus-app/quarkus-run.jar"));
    static final Path DATASET = Path.of(System.getProperty("votes.dataset", "data/votes.jsonl.gz"));

    private static final AtomicInteger STARTED = new AtomicInteger();

    private PackagedCli() {
    }

    /** The command line that runs the CLI with these arguments, after an optional prefix (e.g. setpriv). */
    static List<String> command(List<String> prefix, String... args) {
        List<String> command = new ArrayList<>(prefix);
        if (EXECUTABLE.toString().endsWith(".jar")) {
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.add("-jar");
        }
        command.add(EXECUTABLE.toAbsolutePath().toString());
        command.addAll(List.of(args));
        return command;
    }

    /** Starts the CLI in {@code dir}; stdout and stderr go to numbered files there. */
    static Running start(Path dir, String... args) throws IOException {
        return start(dir, new ProcessBuilder(command(List.of(), args)));
    }

    static Running start(Path dir, ProcessBuilder builder) throws IOException {
        int number = STARTED.incrementAndGet();
        Path out = dir.resolve("process-" + number + ".out");
        Path err = dir.resolve("process-" + number + ".err");
        Process process = builder.directory(dir.toFile()).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        return new Running(String.join(" ", builder.command()), process, out, err);
    }

    /** Runs the CLI to completion. */
    static Result run(Path dir, String... args) throws IOException, InterruptedException {
        return start(dir, args).await(Duration.ofMinutes(3));
    }

    record Running(String command, Process process, Path out, Path err) {

        long pid() {
            return process.pid();
        }

        String errSoFar() throws IOException {
            return Files.readString(err, StandardCharsets.UTF_8);
        }

        /** Waits until stderr contains the text; fails if the process ends first or the time runs out. */
        void awaitErr(String text, Duration timeout) throws IOException, InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (!errSoFar().contains(text)) {
                assertTrue(process.isAlive(), () -> "process ended before printing '" + text + "': " + describe());
                assertTrue(System.nanoTime() < deadline, () -> "no '" + text + "' in time: " + describe());
                Thread.sleep(10);
            }
        }

        void signal(String name) throws IOException, InterruptedException {
            Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(pid())).inheritIO().start();
            assertTrue(kill.waitFor(10, TimeUnit.SECONDS) && kill.exitValue() == 0, "kill -" + name + " worked");
        }

        Result await(Duration timeout) throws IOException, InterruptedException {
            assertTrue(process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS), () -> "finished in time: " + command);
            return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8), errSoFar());
        }

        private String describe() {
            try {
                return command + "\n--- stderr\n" + errSoFar();
            } catch (IOException e) {
                return command;
            }
        }
    }

    record Result(int exitCode, String out, String err) {

        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }
}
