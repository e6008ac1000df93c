package dev.votes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Black-box: where the packaged CLI gets DuckDB's 72 MB library. The native binary carries it compressed and unpacks it
 * at most once into a per-user cache ({@code VOTES_CACHE_DIR} here); the JVM runner leaves it to the driver, which
 * unpacks it from its jar into the temp directory for the process's lifetime. Read-only directories are made with a
 * private mount namespace ({@code unshare -m}, as root), as a container's read-only root file system would be.
 */
class LibraryCacheIT {

    private static final boolean NATIVE = !PackagedCli.EXECUTABLE.toString().endsWith(".jar");
    private static final Path SYSTEM_TEMP = Path.of(System.getProperty("java.io.tmpdir"));

    @TempDir
    Path dir;

    @Test
    void theNativeBinaryUnpacksTheLibraryOnceAndTheJvmRunnerLeavesItToTheDriver() throws Exception {
        Path cache = dir.resolve("cache");
        Set<Path> tempBefore = duckdbFilesIn(SYSTEM_TEMP);

        PackagedCli.Result first = run(cache, "ingest", "--db", "w.db", PackagedCli.DATASET.toString());
        assertEquals(0, first.exitCode(), first::toString);
        PackagedCli.Result outliers = run(cache, "outliers", "--db", "w.db", "--format", "csv");
        assertEquals(0, outliers.exitCode(), outliers::toString);
        assertEquals(163, outliers.out().lines().count(), "a header and the 162 outlier weeks");

        assertEquals(Set.of(), added(tempBefore), "no library is left in the temp directory");
        if (!NATIVE) {
            assertFalse(Files.exists(cache), "the JVM runner does not use the cache");
            return;
        }
        Path library = cachedLibrary(cache);
        assertEquals(sha256(driverLibrary()), sha256(library), "the cache holds the driver's own library");
        Object inode = Files.getAttribute(library, "unix:ino");
        Object modified = Files.getLastModifiedTime(library);

        PackagedCli.Result again = run(cache, "ingest", "--db", "w.db", PackagedCli.DATASET.toString());
        assertEquals(0, again.exitCode(), again::toString);
        assertEquals(inode, Files.getAttribute(library, "unix:ino"), "the second run does not unpack again");
        assertEquals(modified, Files.getLastModifiedTime(library));
        try (Stream<Path> files = Files.list(library.getParent())) {
            assertEquals(List.of(library), files.toList(), "nothing else in the entry");
        }
    }

    @Test
    void aDamagedEntryIsReplacedAndAKilledFirstRunLeavesNothingInTheTempDirectory() throws Exception {
        assumeTrue(NATIVE, "the cache is the native binary's (the JVM runner's driver unpacks its own library)");
        Path cache = dir.resolve("cache");
        Set<Path> tempBefore = duckdbFilesIn(SYSTEM_TEMP);

        // Killed while unpacking into an empty cache.
        PackagedCli.Running killed = PackagedCli.start(dir, builder(cache, "ingest", "--db", "k.db",
                PackagedCli.DATASET.toString()));
        Thread.sleep(300);
        killed.signal("KILL");
        killed.await(Duration.ofSeconds(30));
        assertEquals(Set.of(), added(tempBefore), "a killed run leaves nothing in the temp directory");

        PackagedCli.Result next = run(cache, "ingest", "--db", "w.db", PackagedCli.DATASET.toString());
        assertEquals(0, next.exitCode(), next::toString);
        Path library = cachedLibrary(cache);
        try (Stream<Path> files = Files.list(library.getParent())) {
            assertEquals(List.of(library), files.toList(), "the killed run's partial file is gone");
        }

        // Truncated: detected by its size, replaced.
        try (FileChannel channel = FileChannel.open(library, StandardOpenOption.WRITE)) {
            channel.truncate(1_000_000);
        }
        PackagedCli.Result afterTruncation = run(cache, "outliers", "--db", "w.db");
        assertEquals(0, afterTruncation.exitCode(), afterTruncation::toString);
        assertEquals(sha256(driverLibrary()), sha256(library));

        // Rewritten in place with the same size: detected by the lost stamp and the hash, replaced.
        try (FileChannel channel = FileChannel.open(library, StandardOpenOption.WRITE)) {
            channel.write(java.nio.ByteBuffer.wrap(new byte[4096]), 8192);
        }
        PackagedCli.Result afterRewrite = run(cache, "outliers", "--db", "w.db");
        assertEquals(0, afterRewrite.exitCode(), afterRewrite::toString);
        assertEquals(sha256(driverLibrary()), sha256(library));
    }

    @Test
    void twoFirstRunsAtOnceBothSucceed() throws Exception {
        assumeTrue(NATIVE, "the cache is the native binary's (the JVM runner's driver unpacks its own library)");
        Path cache = dir.resolve("cache");
        List<PackagedCli.Running> runs = new ArrayList<>();
        for (String db : List.of("a.db", "b.db", "c.db")) {
            runs.add(PackagedCli.start(dir, builder(cache, "ingest", "--db", db, PackagedCli.DATASET.toString())));
        }
        for (PackagedCli.Running running : runs) {
            PackagedCli.Result result = running.await(Duration.ofMinutes(2));
            assertEquals(0, result.exitCode(), result::toString);
        }
        assertEquals(sha256(driverLibrary()), sha256(cachedLibrary(cache)));
    }

    @Test
    void aReadOnlyHomeFallsBackToTheTempDirectoryAndNothingWritableIsOneLine() throws Exception {
        assumeTrue(NATIVE, "the cache is the native binary's (the JVM runner's driver unpacks its own library)");
        Path home = Files.createDirectories(dir.resolve("home"));
        Path temp = Files.createDirectories(dir.resolve("tmp"));
        Path data = Files.createDirectories(dir.resolve("data"));

        PackagedCli.Result fallback = readOnly(List.of(home), home, temp, "ingest", "--db", data.resolve("w.db").toString(),
                PackagedCli.DATASET.toString());
        assertEquals(0, fallback.exitCode(), fallback::toString);
        assertFalse(Files.exists(home.resolve(".cache")), "nothing could be written in the read-only home");
        Path entry = cachedLibrary(temp.resolve("votes-cache-" + System.getProperty("user.name")));
        assertEquals(sha256(driverLibrary()), sha256(entry));

        Path emptyTemp = Files.createDirectories(dir.resolve("tmp2"));
        PackagedCli.Result nowhere = readOnly(List.of(home, emptyTemp), home, emptyTemp, "outliers", "--db",
                data.resolve("w.db").toString());
        assertEquals(1, nowhere.exitCode(), nowhere::toString);
        assertEquals("", nowhere.out());
        assertEquals(1, nowhere.err().lines().count(), nowhere::toString);
        assertTrue(nowhere.err().startsWith("votes: cannot unpack DuckDB's library: "), nowhere::toString);
        assertTrue(nowhere.err().strip().endsWith("(set VOTES_CACHE_DIR or --cache-dir to a writable directory)"),
                nowhere::toString);
    }

    /** Runs the CLI with HOME and the temp directory set, the given directories mounted read-only. */
    private PackagedCli.Result readOnly(List<Path> readOnly, Path home, Path temp, String... args) throws Exception {
        String mounts = readOnly.stream().map(path -> "mount --bind '" + path + "' '" + path + "' && mount -o remount,bind,ro '"
                + path + "' '" + path + "'").collect(Collectors.joining(" && "));
        List<String> prefix = List.of("unshare", "-m", "sh", "-c", mounts + " && exec \"$@\"", "sh");
        List<String> command = new ArrayList<>(PackagedCli.command(prefix, args));
        command.add(prefix.size() + 1, "-Djava.io.tmpdir=" + temp);
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().remove("VOTES_CACHE_DIR");
        builder.environment().remove("XDG_CACHE_HOME");
        builder.environment().put("HOME", home.toString());
        return PackagedCli.start(dir, builder).await(Duration.ofMinutes(2));
    }

    private PackagedCli.Result run(Path cache, String... args) throws Exception {
        return PackagedCli.start(dir, builder(cache, args)).await(Duration.ofMinutes(2));
    }

    private static ProcessBuilder builder(Path cache, String... args) {
        ProcessBuilder builder = new ProcessBuilder(PackagedCli.command(List.of(), args));
        Map<String, String> env = builder.environment();
        env.put("VOTES_CACHE_DIR", cache.toString());
        return builder;
    }

    /** The one library file in the cache. */
    private static Path cachedLibrary(Path cache) throws IOException {
        try (Stream<Path> files = Files.walk(cache)) {
            List<Path> libraries = files.filter(path -> path.getFileName().toString().equals("libduckdb_java.so"))
                    .toList();
            assertEquals(1, libraries.size(), () -> "one library in " + cache + ": " + libraries);
            return libraries.getFirst();
        }
    }

    /** The files a DuckDB driver would unpack into the temp directory ({@code libduckdb_java*.so}). */
    private static Set<Path> duckdbFilesIn(Path temp) throws IOException {
        try (Stream<Path> files = Files.list(temp)) {
            return files.filter(path -> path.getFileName().toString().startsWith("libduckdb_java"))
                    .collect(Collectors.toSet());
        }
    }

    /** The driver's own library for this platform, from the duckdb_jdbc jar on the test class path. */
    private static InputStream driverLibrary() {
        InputStream in = LibraryCacheIT.class.getResourceAsStream("/libduckdb_java.so_linux_amd64");
        assertTrue(in != null, "the duckdb_jdbc jar is on the test class path");
        return in;
    }

    private static String sha256(Path file) throws Exception {
        return sha256(Files.newInputStream(file));
    }

    private static String sha256(InputStream input) throws Exception {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        try (InputStream in = input; OutputStream out = new DigestOutputStream(OutputStream.nullOutputStream(), digest)) {
            in.transferTo(out);
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /**
     * The DuckDB libraries in the temp directory now that were not there before: only files that appeared count, as
     * other processes on the machine (another JVM's DuckDB driver) may remove theirs meanwhile.
     */
    private static Set<Path> added(Set<Path> before) throws Exception {
        Set<Path> now = new java.util.HashSet<>(duckdbFilesIn(SYSTEM_TEMP));
        now.removeAll(before);
        return now;
    }
}
