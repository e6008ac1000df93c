package dev.votes.common;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * The tool's version, e.g. {@code 0.1.0-SNAPSHOT (commit abc1234, DuckDB v2.0.0, native)}: the project version and the
 * DuckDB driver's version from {@code votes-version.properties} (filtered by the build), the git commit the build saw
 * from {@code votes-git.properties} (written by the build; {@code unknown} where git or the repository was missing,
 * {@code -dirty} when the tree had uncommitted changes), and whether this is the native binary or the JVM. No
 * framework and no warehouse needed: the DuckDB version is the bundled driver's, whose first three numbers are the
 * DuckDB release it embeds.
 */
public final class Version {

    private static final String RESOURCE = "votes-version.properties";
    private static final String GIT_RESOURCE = "votes-git.properties";

    private Version() {
    }

    /** The full version string; the ledger's tool_version and the export's marker record it. */
    public static String current() {
        Properties build = load(RESOURCE);
        Properties git = load(GIT_RESOURCE);
        return build.getProperty("version", "dev") + " (commit " + git.getProperty("commit", "unknown").strip()
                + ", DuckDB " + duckDb(build.getProperty("duckdb", "")) + ", " + runtime() + ")";
    }

    /** {@code v2.0.0} for the driver 2.0.0.1 (the driver's fourth number counts its own releases). */
    static String duckDb(String driverVersion) {
        String[] parts = driverVersion.split("\\.");
        return parts.length >= 3 ? "v" + parts[0] + "." + parts[1] + "." + parts[2] : "unknown";
    }

    /** {@code native} in the GraalVM native binary, else {@code JVM}. */
    static String runtime() {
        return "runtime".equals(System.getProperty("org.graalvm.nativeimage.imagecode")) ? "native" : "JVM";
    }

    private static Properties load(String resource) {
        Properties properties = new Properties();
        try (InputStream in = Version.class.getClassLoader().getResourceAsStream(resource)) {
            if (in != null) {
                properties.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties;
    }
}
