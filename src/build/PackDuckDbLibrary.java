import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Properties;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import org.tukaani.xz.LZMA2Options;
import org.tukaani.xz.XZOutputStream;

/**
 * Build step of the native binary (run by the POM's native profile): takes the DuckDB JNI library for one platform out
 * of the duckdb_jdbc jar, xz-compresses it into OUT/duckdb/libduckdb_java.so.xz and describes it in
 * OUT/duckdb/library.properties (size and SHA-256 unpacked: the runtime cache's address and check).
 *
 *   java -cp xz.jar PackDuckDbLibrary.java DUCKDB_JAR VERSION PLATFORM|auto OUT
 *
 * PLATFORM is the jar's suffix (linux_amd64, linux_arm64, macos_arm64, windows_amd64); auto is the build machine's.
 * Skips the work when OUT already holds the same library.
 */
public class PackDuckDbLibrary {

    public static void main(String[] args) throws IOException, Exception {
        if (args.length != 4) {
            throw new IllegalArgumentException("usage: PackDuckDbLibrary DUCKDB_JAR VERSION PLATFORM|auto OUT");
        }
        Path jar = Path.of(args[0]);
        String version = args[1];
        String platform = "auto".equals(args[2]) ? buildPlatform() : args[2];
        Path out = Path.of(args[3], "duckdb");
        Path packed = out.resolve("libduckdb_java.so.xz");
        Path descriptor = out.resolve("library.properties");
        String entryName = "libduckdb_java.so_" + platform;
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            ZipEntry entry = zip.getEntry(entryName);
            if (entry == null) {
                throw new IllegalArgumentException(jar + " has no " + entryName + ": DuckDB ships no library for "
                        + "platform " + platform);
            }
            String source = jar.toAbsolutePath() + " " + Files.size(jar) + " " + entryName;
            if (Files.isRegularFile(packed) && Files.isRegularFile(descriptor)
                    && source.equals(load(descriptor).getProperty("source"))) {
                System.err.println("[pack-duckdb-library] " + packed + " is up to date");
                return;
            }
            Files.createDirectories(out);
            long started = System.nanoTime();
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            long size;
            try (InputStream in = zip.getInputStream(entry);
                 OutputStream xz = new XZOutputStream(Files.newOutputStream(packed), new LZMA2Options(6));
                 OutputStream both = new DigestOutputStream(xz, digest)) {
                size = in.transferTo(both);
            }
            Properties properties = new Properties();
            properties.setProperty("resource", "duckdb/libduckdb_java.so.xz");
            properties.setProperty("name", "libduckdb_java.so");
            properties.setProperty("size", Long.toString(size));
            properties.setProperty("sha256", HexFormat.of().formatHex(digest.digest()));
            properties.setProperty("version", version);
            properties.setProperty("platform", platform);
            properties.setProperty("source", source);
            try (OutputStream file = Files.newOutputStream(descriptor)) {
                properties.store(file, "DuckDB's JNI library as packed into the native binary");
            }
            System.err.printf(Locale.ROOT, "[pack-duckdb-library] %s: %d bytes -> %d bytes xz in %.1f s%n", entryName,
                    size, Files.size(packed), (System.nanoTime() - started) / 1e9);
        }
    }

    private static Properties load(Path file) throws IOException {
        Properties properties = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            properties.load(in);
        }
        return properties;
    }

    /** The build machine's platform in the jar's naming. */
    private static String buildPlatform() {
        String os = System.getProperty("os.name").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch").toLowerCase(Locale.ROOT);
        String osName = os.startsWith("linux") ? "linux" : os.startsWith("mac") ? "macos"
                : os.startsWith("windows") ? "windows" : os;
        String archName = switch (arch) {
            case "amd64", "x86_64" -> "amd64";
            case "aarch64", "arm64" -> "arm64";
            default -> arch;
        };
        return osName + "_" + archName;
    }
}
