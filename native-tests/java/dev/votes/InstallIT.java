package dev.votes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/install} (README "Install") puts a working {@code votes} command into a prefix, from what this build
 * packaged: the JVM application and its launcher on the JVM build, the native binary with -Dnative. The installed
 * command then runs as a user's shell would run it: no JAVA_HOME, a PATH with only the system's directories (whose
 * {@code java}, if any, may be older than 21), from another directory.
 */
class InstallIT {

    private static final Path PROJECT = Path.of("").toAbsolutePath();
    private static final boolean JVM = PackagedCli.EXECUTABLE.toString().endsWith(".jar");

    @TempDir
    Path dir;

    record Outcome(int exitCode, String out, String err) {
    }

    private Outcome run(Path workDirectory, List<String> command) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).directory(workDirectory.toFile());
        builder.environment().remove("JAVA_HOME");
        builder.environment().remove("GRAALVM_HOME");
        builder.environment().put("PATH", "/usr/local/bin:/usr/bin:/bin");
        builder.environment().put("XDG_CACHE_HOME", dir.resolve("cache").toString());
        Path out = Files.createTempFile(dir, "out", ".txt");
        Path err = Files.createTempFile(dir, "err", ".txt");
        Process process = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertTrue(process.waitFor(5, TimeUnit.MINUTES), () -> "finished in time: " + command);
        return new Outcome(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }

    private Outcome install(Path prefix) throws IOException, InterruptedException {
        // The install script itself needs a JDK 21+ only for the JVM kind; it finds one as ./mvnw does.
        return run(PROJECT, List.of(PROJECT.resolve("bin/install").toString(), "--prefix", prefix.toString(),
                JVM ? "--jvm" : "--native", "--no-build"));
    }

    private void assumeThisBuildsOutput() {
        assumeTrue(JVM || PackagedCli.EXECUTABLE.toAbsolutePath().startsWith(PROJECT.resolve("target")),
                "the binary under test is not this build's target/*-runner, which bin/install installs");
    }

    @Test
    void installsACommandThatRunsWithoutJavaHomeAndLoadsTheDataset() throws Exception {
        assumeThisBuildsOutput();
        Path prefix = dir.resolve("prefix with 'quote");
        Outcome installed = install(prefix);
        assertEquals(0, installed.exitCode(), installed::toString);
        Path votes = prefix.resolve("bin/votes");
        assertTrue(Files.isRegularFile(votes) && Files.isExecutable(votes), "bin/votes is an executable file");
        assertTrue(installed.err().contains("install: installed " + votes), installed::err);
        assertTrue(installed.err().contains("is not on your PATH"), installed::err);

        Path work = Files.createDirectories(dir.resolve("work"));
        Outcome version = run(work, List.of(votes.toString(), "--version"));
        assertEquals(0, version.exitCode(), version::toString);
        assertTrue(version.out().matches("votes \\S+ \\(commit \\S+, DuckDB v\\S+, " + (JVM ? "JVM" : "native") + "\\)\\n"),
                version::out);

        Outcome ingest = run(work, List.of(votes.toString(), "ingest", PROJECT.resolve(PackagedCli.DATASET).toString()));
        assertEquals(0, ingest.exitCode(), ingest::toString);
        assertTrue(ingest.err().contains("inserted 40299"), ingest::err);
        assertTrue(Files.isRegularFile(work.resolve("warehouse.db")), "the warehouse is in the working directory");
        Outcome outliers = run(work, List.of(votes.toString(), "outliers", "--format", "csv"));
        assertEquals(0, outliers.exitCode(), outliers::toString);
        assertEquals("Year,WeekNumber,VoteCount", outliers.out().lines().findFirst().orElseThrow());

        String completion = Files.readString(prefix.resolve("share/bash-completion/completions/votes"));
        assertTrue(completion.contains("complete -F") && completion.contains("ingest"), "a bash completion script");

        // Installing again replaces the command in place.
        Outcome again = install(prefix);
        assertEquals(0, again.exitCode(), again::toString);
        assertEquals(0, run(work, List.of(votes.toString(), "--version")).exitCode());
    }

    @Test
    void refusesToReplaceWhatIsNotARegularFile() throws Exception {
        assumeThisBuildsOutput();
        Path prefix = dir.resolve("prefix");
        Path elsewhere = Files.writeString(dir.resolve("someone-elses-votes"), "#!/bin/sh\necho mine\n");
        Files.createDirectories(prefix.resolve("bin"));
        Files.createSymbolicLink(prefix.resolve("bin/votes"), elsewhere);

        Outcome refused = install(prefix);

        assertEquals(1, refused.exitCode(), refused::toString);
        assertEquals(List.of("install: " + prefix.resolve("bin/votes") + " exists and is not a regular file: remove it or "
                + "choose another --prefix"), refused.err().lines().toList());
        assertTrue(Files.isSymbolicLink(prefix.resolve("bin/votes")), "the link is left as it was");
        assertEquals("#!/bin/sh\necho mine\n", Files.readString(elsewhere));
    }

    @Test
    void theJvmKindRefusesAnApplicationDirectoryItDidNotInstall() throws Exception {
        assumeTrue(JVM, "the JVM kind is installed from the JVM build");
        Path prefix = dir.resolve("prefix");
        Path foreign = Files.createDirectories(prefix.resolve("lib/votes"));
        Files.writeString(foreign.resolve("keep.txt"), "data");

        Outcome refused = install(prefix);

        assertEquals(1, refused.exitCode(), refused::toString);
        assertEquals(List.of("install: " + foreign + " exists and was not installed by bin/install: remove it or choose "
                + "another --prefix"), refused.err().lines().toList());
        assertEquals("data", Files.readString(foreign.resolve("keep.txt")));
        assertTrue(Files.notExists(prefix.resolve("bin/votes")), "no command without its application");
    }
}
