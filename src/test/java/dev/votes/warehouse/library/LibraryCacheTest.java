package dev.votes.warehouse.library;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tukaani.xz.LZMA2Options;
import org.tukaani.xz.XZOutputStream;

import dev.votes.cli.exit.ExitCodes;
import dev.votes.failure.UnreadableLibrary;
import dev.votes.warehouse.library.DuckDbLibrary.PackedLibrary;

/**
 * The cache that holds DuckDB's library for the native binary, on real files: unpacked once, trusted by its stamp,
 * replaced when damaged, safe for concurrent first runs, and a refusal that names the setting when nothing is writable.
 * The library here is a few hundred kilobytes of random bytes packed exactly as the build packs the real one (xz); the
 * real library through the real binary is covered by LibraryCacheIT.
 */
class LibraryCacheTest {

    @TempDir
    Path temp;

    private byte[] content;
    private byte[] packed;
    private PackedLibrary library;

    @BeforeEach
    void pack() throws Exception {
        content = new byte[300_000];
        new Random(7).nextBytes(content);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (OutputStream xz = new XZOutputStream(bytes, new LZMA2Options(1))) {
            xz.write(content);
        }
        packed = bytes.toByteArray();
        String sha256 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        library = new PackedLibrary("duckdb/libduckdb_java.so.xz", "libduckdb_java.so", content.length, sha256,
                "2.0.0.1", "linux_amd64");
    }

    private LibraryCache.Source source() {
        return () -> new org.tukaani.xz.XZInputStream(new ByteArrayInputStream(packed));
    }

    private LibraryCache cacheAt(Path root) {
        return new LibraryCache(List.of(new LibraryCache.Candidate(root, "VOTES_CACHE_DIR", false)));
    }

    @Test
    void unpacksOnceIntoAContentAddressedEntryAndThenOnlyLooksAtIt() throws Exception {
        Path root = temp.resolve("cache");
        Path file = cacheAt(root).provide(library, source());

        assertEquals(root.resolve("duckdb-2.0.0.1-linux_amd64-" + library.sha256().substring(0, 16))
                .resolve("libduckdb_java.so"), file);
        assertArrayEquals(content, Files.readAllBytes(file));
        assertEquals(LibraryCache.STAMP, Files.getLastModifiedTime(file));
        assertEquals(List.of(file), listEntry(file.getParent()), "no temporary file is left");

        Object inode = Files.readAttributes(file, "unix:ino").get("ino");
        LibraryCache.Source failing = () -> {
            throw new IOException("the packed library must not be read again");
        };
        assertEquals(file, cacheAt(root).provide(library, failing));
        assertEquals(inode, Files.readAttributes(file, "unix:ino").get("ino"), "the entry is not rewritten");
    }

    @Test
    void aTruncatedOrRewrittenEntryIsDetectedAndReplaced() throws Exception {
        Path root = temp.resolve("cache");
        Path file = cacheAt(root).provide(library, source());

        Files.write(file, java.util.Arrays.copyOf(content, content.length / 2));
        assertEquals(file, cacheAt(root).provide(library, source()));
        assertArrayEquals(content, Files.readAllBytes(file), "a partial entry is replaced");

        byte[] garbage = content.clone();
        garbage[1234] ^= 0x55;
        Files.write(file, garbage);
        assertEquals(file, cacheAt(root).provide(library, source()));
        assertArrayEquals(content, Files.readAllBytes(file), "a same-size damaged entry is replaced");
        assertEquals(LibraryCache.STAMP, Files.getLastModifiedTime(file));
    }

    @Test
    void anIntactEntryThatLostItsStampIsHashedOnceAndKept() throws Exception {
        Path root = temp.resolve("cache");
        Path file = cacheAt(root).provide(library, source());
        Files.setLastModifiedTime(file, FileTime.fromMillis(System.currentTimeMillis()));
        Object inode = Files.readAttributes(file, "unix:ino").get("ino");

        LibraryCache.Source failing = () -> {
            throw new IOException("an intact entry must not be unpacked again");
        };
        assertEquals(file, cacheAt(root).provide(library, failing));
        assertEquals(inode, Files.readAttributes(file, "unix:ino").get("ino"));
        assertEquals(LibraryCache.STAMP, Files.getLastModifiedTime(file), "stamped again after the hash matched");
    }

    @Test
    void concurrentFirstRunsAllSucceedWithTheSameEntry() throws Exception {
        Path root = temp.resolve("cache");
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            List<Future<Path>> runs = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                Callable<Path> run = () -> cacheAt(root).provide(library, source());
                runs.add(pool.submit(run));
            }
            Path expected = runs.getFirst().get();
            for (Future<Path> run : runs) {
                assertEquals(expected, run.get());
            }
            assertArrayEquals(content, Files.readAllBytes(expected));
            assertEquals(List.of(expected), listEntry(expected.getParent()));
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aTemporaryFileOfAKilledProcessIsRemovedAndOneOfARunningProcessKept() throws Exception {
        Path root = temp.resolve("cache");
        Path entry = root.resolve("duckdb-2.0.0.1-linux_amd64-" + library.sha256().substring(0, 16));
        Files.createDirectories(entry);
        Process dead = new ProcessBuilder("true").start();
        dead.waitFor();
        Path abandoned = entry.resolve(".libduckdb_java.so." + dead.pid() + "-1a2b.tmp");
        Path running = entry.resolve(".libduckdb_java.so." + ProcessHandle.current().pid() + "-ffff.tmp");
        Files.write(abandoned, new byte[100]);
        Files.write(running, new byte[100]);

        cacheAt(root).provide(library, source());

        assertFalse(Files.exists(abandoned), "the killed process's partial file is gone");
        assertTrue(Files.exists(running), "a live process's file in progress is left alone");
    }

    @Test
    void aDamagedPackIsRefusedAndNothingIsLeftBehind() throws Exception {
        Path root = temp.resolve("cache");
        PackedLibrary wrong = new PackedLibrary(library.resource(), library.name(), library.size(),
                "0".repeat(64), library.version(), library.platform());

        UnreadableLibrary failure = assertThrows(UnreadableLibrary.class, () -> cacheAt(root).provide(wrong, source()));

        assertEquals(ExitCodes.FAILURE, ExitCodes.of(failure));
        assertTrue(failure.getMessage().contains("damaged"), failure.getMessage());
        try (Stream<Path> files = Files.walk(root)) {
            assertEquals(0, files.filter(Files::isRegularFile).count(), "no file is left in the cache");
        }
    }

    @Test
    void whenTheUsersCacheCannotBeWrittenTheNextCandidateTakesIt() throws Exception {
        Path notADirectory = Files.writeString(temp.resolve("home-cache"), "a file where a directory should be");
        Path fallback = temp.resolve("tmp").resolve("votes-cache-" + System.getProperty("user.name"));
        Files.createDirectories(fallback.getParent());
        LibraryCache cache = new LibraryCache(List.of(new LibraryCache.Candidate(notADirectory, "~/.cache", false),
                new LibraryCache.Candidate(fallback, "the temp directory", true)));

        Path file = cache.provide(library, source());

        assertTrue(file.startsWith(fallback), file.toString());
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(fallback)),
                "the fallback in a shared directory is private");
    }

    @Test
    void aSharedFallbackThatOthersMayWriteIsNotUsed() throws Exception {
        Path fallback = Files.createDirectories(temp.resolve("votes-cache-shared"));
        Files.setPosixFilePermissions(fallback, PosixFilePermissions.fromString("rwxrwxrwx"));
        LibraryCache cache = new LibraryCache(List.of(new LibraryCache.Candidate(fallback, "the temp directory", true)));

        UnreadableLibrary failure = assertThrows(UnreadableLibrary.class, () -> cache.provide(library, source()));

        assertTrue(failure.getMessage().contains("not a private directory"), failure.getMessage());
    }

    @Test
    void thePrivateFallbackOfAUserIdWithoutANameIsUsed() throws Exception {
        // A container's arbitrary UID has no entry in the password database: user.name is "?", while the file system
        // reports the directory's owner by number. The fallback made by an earlier run must still be recognised.
        Path fallback = Files.createDirectory(temp.resolve("votes-cache-?"),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        LibraryCache cache = new LibraryCache(List.of(new LibraryCache.Candidate(fallback, "the temp directory", true)));
        String userName = System.getProperty("user.name");
        System.setProperty("user.name", "?");
        Path file;
        try {
            file = cache.provide(library, source());
        } finally {
            System.setProperty("user.name", userName);
        }

        assertTrue(file.startsWith(fallback), file.toString());
        assertArrayEquals(content, Files.readAllBytes(file));
        try (Stream<Path> entries = Files.list(fallback)) {
            assertEquals(List.of(file.getParent()), entries.toList(), "no probe file is left behind");
        }
    }

    @Test
    void whenNothingIsWritableOneLineNamesTheSetting() throws Exception {
        Path blocked = Files.writeString(temp.resolve("blocked"), "x");
        LibraryCache cache = new LibraryCache(List.of(new LibraryCache.Candidate(blocked, "~/.cache", false),
                new LibraryCache.Candidate(blocked.resolve("tmp"), "the temp directory", false)));

        UnreadableLibrary failure = assertThrows(UnreadableLibrary.class, () -> cache.provide(library, source()));

        assertEquals(ExitCodes.FAILURE, ExitCodes.of(failure));
        assertEquals(1, failure.getMessage().lines().count());
        assertTrue(failure.getMessage().startsWith("cannot unpack DuckDB's library: " + blocked + " (~/.cache)"),
                failure.getMessage());
        assertTrue(failure.getMessage().endsWith("(set VOTES_CACHE_DIR or --cache-dir to a writable directory)"),
                failure.getMessage());
    }

    @Test
    void somethingThatIsNotARegularFileIsNeverWrittenOver() throws Exception {
        Path root = temp.resolve("cache");
        Path entry = root.resolve("duckdb-2.0.0.1-linux_amd64-" + library.sha256().substring(0, 16));
        Files.createDirectories(entry.resolve("libduckdb_java.so"));

        UnreadableLibrary failure = assertThrows(UnreadableLibrary.class, () -> cacheAt(root).provide(library, source()));

        assertTrue(failure.getMessage().contains("is not a regular file"), failure.getMessage());
        assertTrue(Files.isDirectory(entry.resolve("libduckdb_java.so")));
    }

    @Test
    void theOptionThenTheEnvironmentThenTheUsersCacheThenTheTempDirectory() {
        Path option = temp.resolve("option");
        assertEquals(List.of(new LibraryCache.Candidate(option, "--cache-dir", false)),
                LibraryCache.locate(option, Map.of("VOTES_CACHE_DIR", "/elsewhere")).candidates());
        assertEquals(List.of(new LibraryCache.Candidate(Path.of("/env/cache"), "VOTES_CACHE_DIR", false)),
                LibraryCache.locate(null, Map.of("VOTES_CACHE_DIR", "/env/cache", "XDG_CACHE_HOME", "/xdg"))
                        .candidates());

        List<LibraryCache.Candidate> xdg = LibraryCache.locate(null, Map.of("XDG_CACHE_HOME", "/xdg")).candidates();
        assertEquals(Path.of("/xdg/votes"), xdg.getFirst().root());
        assertTrue(xdg.get(1).shared());
        assertEquals(Path.of(System.getProperty("java.io.tmpdir"), "votes-cache-" + System.getProperty("user.name")),
                xdg.get(1).root());

        List<LibraryCache.Candidate> home = LibraryCache.locate(null, Map.of("XDG_CACHE_HOME", "relative",
                "HOME", "/home/someone")).candidates();
        assertEquals(Path.of("/home/someone/.cache/votes"), home.getFirst().root());
        assertNotEquals(home.getFirst().root(), home.get(1).root());
        assertEquals(Path.of(System.getProperty("user.home"), ".cache", "votes"),
                LibraryCache.locate(null, Map.of()).candidates().getFirst().root(), "without HOME, the user's entry");
    }

    private static List<Path> listEntry(Path directory) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.toList();
        }
    }
}
