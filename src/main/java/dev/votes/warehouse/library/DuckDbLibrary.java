package dev.votes.warehouse.library;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Properties;
import dev.votes.failure.UnreadableLibrary;


/**
 * Loads DuckDB's native library in the native binary: from a per-user, content-addressed cache, unpacked there at most
 * once from the compressed copy inside the binary ({@code duckdb/} resources, written by the build).
 *
 * <p>The JDBC driver's own loader would write its 72 MB library into the temp directory in every process (and leave it
 * there when the process is killed); in the native binary that loader is replaced by {@link #load()} (see
 * {@link Target_org_duckdb_DuckDBNative}). In the JVM runner nothing changes: the driver loads its library from its jar
 * as it always does, and {@link #load()} is never called.
 *
 * <p>Where the cache is: {@code --cache-dir}, else {@code VOTES_CACHE_DIR}, else {@code $XDG_CACHE_HOME/votes}, else
 * {@code ~/.cache/votes}; when that default cannot be written (a read-only home in a container), a private directory in
 * the temp directory. See {@link LibraryCache} for how an entry is written and checked.
 */
public final class DuckDbLibrary {

    /** The build's description of the packed library: its resource, size and SHA-256. */
    static final String DESCRIPTOR = "duckdb/library.properties";

    private static volatile Path configuredCacheDirectory;
    private static volatile Path loaded;

    private DuckDbLibrary() {
    }

    /** {@code --cache-dir}: where the library is unpacked (null: the environment and defaults decide). */
    public static void cacheDirectory(Path directory) {
        configuredCacheDirectory = directory;
    }

    /** Whether this process is the native binary (the only place where this class loads the library). */
    private static boolean inNativeBinary() {
        return "runtime".equals(System.getProperty("org.graalvm.nativeimage.imagecode"));
    }

    /**
     * Makes sure DuckDB's library is loaded: in the native binary, from the cache (unpacking it first if needed); in
     * the JVM, a no-op (the driver loads its own). Cheap after the first call.
     *
     * @throws UnreadableLibrary with one line naming {@code VOTES_CACHE_DIR} when no directory can hold
     *                        the library
     */
    public static void ensureLoaded() {
        if (loaded == null && inNativeBinary()) {
            load();
        }
    }

    /** Loads the library from the cache; called by the driver's (substituted) loader and by {@link #ensureLoaded()}. */
    static synchronized void load() {
        if (loaded != null) {
            return;
        }
        PackedLibrary packed = PackedLibrary.describe();
        Path file = LibraryCache.locate(configuredCacheDirectory, System.getenv()).provide(packed, packed::openCompressed);
        try {
            System.load(file.toString());
        } catch (UnsatisfiedLinkError e) {
            throw new UnreadableLibrary("cannot load DuckDB's library from " + file + ": "
                    + e.getMessage() + " (a file system mounted noexec cannot hold it: set VOTES_CACHE_DIR or "
                    + "--cache-dir to a directory on another one)", e);
        }
        loaded = file;
    }

    /**
     * The library as the build packed it into the binary.
     *
     * @param resource the xz-compressed library's resource name
     * @param name     the file name it gets in the cache ({@code libduckdb_java.so})
     * @param size     its size unpacked, in bytes
     * @param sha256   its SHA-256 unpacked, lower-case hex: the cache entry's address
     * @param version  the DuckDB JDBC version it came from
     * @param platform the platform it was built for ({@code linux_amd64} ...)
     */
    record PackedLibrary(String resource, String name, long size, String sha256, String version, String platform) {

        static PackedLibrary describe() {
            try (InputStream in = DuckDbLibrary.class.getClassLoader().getResourceAsStream(DESCRIPTOR)) {
                if (in == null) {
                    throw new IllegalStateException("this binary was built without DuckDB's library (" + DESCRIPTOR
                            + " is missing): build it with ./mvnw package -Dnative");
                }
                return read(in);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** The library as a descriptor written by the build (src/build/PackDuckDbLibrary.java) describes it. */
        static PackedLibrary read(InputStream descriptor) throws IOException {
            Properties properties = new Properties();
            properties.load(descriptor);
            return new PackedLibrary(properties.getProperty("resource"), properties.getProperty("name"),
                    Long.parseLong(properties.getProperty("size")), properties.getProperty("sha256"),
                    properties.getProperty("version"), properties.getProperty("platform"));
        }

        /** The cache entry's directory name: readable, and addressed by content. */
        String entryName() {
            return "duckdb-" + version + "-" + platform + "-" + sha256.substring(0, 16);
        }

        InputStream openCompressed() throws IOException {
            InputStream in = DuckDbLibrary.class.getClassLoader().getResourceAsStream(resource);
            if (in == null) {
                throw new IOException("resource " + resource + " is missing from the binary");
            }
            return new org.tukaani.xz.XZInputStream(in);
        }
    }
}
