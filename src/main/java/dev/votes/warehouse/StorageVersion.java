package dev.votes.warehouse;

import java.util.Arrays;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The DuckDB storage versions a warehouse can be written in, and for each the oldest DuckDB release that opens a file
 * written in it. This is the one place that maps one to the other; {@code votes check}, {@code -v} and
 * {@code votes convert-storage} all read it from here.
 *
 * <p>Sources. DuckDB's documentation, "Storage Versions and Format": the {@code STORAGE_VERSION} setting "specifies the
 * minimum DuckDB version that should be able to read the database file"; format 64 is what v0.9.x to v1.1.x wrote, 65
 * v1.2.x, 66 v1.3.x; and "DuckDB versions before 2.0 cannot read database files that use the v2.0.0 storage format".
 * DuckDB 2.0 itself tags each file with the oldest release that opens it ({@code duckdb_databases()} tags
 * {@code storage_version=v1.0.0+}, ...; header format numbers 64, 65, 66, 67, 68 and 999 for v1.0.0 ... v2.0.0).
 * Measured here with real clients (../shared/notes/STACK-FACTS.md, {@code ClientCompatibilityIT}): Node
 * {@code @duckdb/node-api} 1.1.2 (the oldest on npm) opens v1.0.0 and refuses v1.2.0 and v2.0.0; 1.1.3, 1.4.5 and 1.5.6
 * open v1.0.0; Python duckdb 1.5.6 opens v1.0.0 and v1.5.0 and refuses v2.0.0.
 */
public enum StorageVersion {

    /** Format 64, the oldest DuckDB 2.0 writes (older settings give the same file); every DuckDB since 1.0 opens it. */
    V1_0_0("v1.0.0", "1.0.0"),
    V1_2_0("v1.2.0", "1.2.0"),
    V1_3_0("v1.3.0", "1.3.0"),
    V1_4_0("v1.4.0", "1.4.0"),
    V1_5_0("v1.5.0", "1.5.0"),
    /** What DuckDB 2.0 writes by default: no DuckDB 1.x release opens it. */
    V2_0_0("v2.0.0", "2.0.0"),
    /** The newest storage version of the DuckDB library in use (DuckDB's own default; v2.0.0 with duckdb_jdbc 2.0). */
    LATEST("latest", null);

    /**
     * The default for new warehouses: the oldest storage version, so that every DuckDB release since 1.0 opens them.
     * Nothing the tool uses needs a newer one (the whole test suite runs at it); what is given up is newer compression
     * and types the tool does not use (VARIANT needs v1.5.0).
     */
    public static final String DEFAULT_OPTION = "v1.0.0";

    public static final StorageVersion DEFAULT = V1_0_0;

    /** The newest version this table knows, which is what {@link #LATEST} stands for with DuckDB 2.0. */
    static final StorageVersion NEWEST = V2_0_0;

    private static final Pattern RELEASE = Pattern.compile("v?(\\d+)\\.(\\d+)\\.(\\d+)");

    private final String option;
    private final String oldestReader;

    StorageVersion(String option, String oldestReader) {
        this.option = option;
        this.oldestReader = oldestReader;
    }

    /** The value of {@code --storage-version} and of DuckDB's {@code storage_compatibility_version}. */
    public String option() {
        return option;
    }

    /** The oldest DuckDB release that opens a file in this version, e.g. {@code 1.0.0}. */
    public String oldestReader() {
        return (this == LATEST ? NEWEST : this).oldestReader;
    }

    /** {@code v1.0.0}, {@code 1.0.0} or {@code latest}, in any case; otherwise an exception naming what is accepted. */
    public static StorageVersion parse(String text) {
        String value = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
        for (StorageVersion version : values()) {
            if (version.option.equals(value) || version.option.equals("v" + value)) {
                return version;
            }
        }
        throw new IllegalArgumentException("'" + text + "' (give " + accepted() + ")");
    }

    /** "v1.0.0, v1.2.0, ..., v2.0.0 or latest". */
    public static String accepted() {
        String[] options = Arrays.stream(values()).map(StorageVersion::option).toArray(String[]::new);
        return String.join(", ", Arrays.copyOf(options, options.length - 1)) + " or " + options[options.length - 1];
    }

    /**
     * What DuckDB reports for a file: its tag ({@code v1.0.0+}) and the oldest release that opens it. A version this
     * table does not know (a newer DuckDB) is taken as DuckDB tags it: the release named is the oldest reader.
     *
     * @param tag the {@code storage_version} tag of {@code duckdb_databases()}, e.g. {@code v1.0.0+}
     */
    public static Found found(String tag) {
        Matcher release = RELEASE.matcher(tag == null ? "" : tag);
        if (!release.find()) {
            return new Found(tag, null, null);
        }
        String version = "v" + release.group(1) + "." + release.group(2) + "." + release.group(3);
        for (StorageVersion known : values()) {
            if (known.option.equals(version)) {
                return new Found(tag, version, known.oldestReader);
            }
        }
        return new Found(tag, version, version.substring(1));
    }

    /**
     * A file's storage version as DuckDB reports it.
     *
     * @param tag          DuckDB's tag, e.g. {@code v1.0.0+}
     * @param version      the version, e.g. {@code v1.0.0}; null when DuckDB gave no tag
     * @param oldestReader the oldest DuckDB release that opens the file, e.g. {@code 1.0.0}; null when not known
     */
    public record Found(String tag, String version, String oldestReader) {

        /** Whether a DuckDB 1.x release opens the file (the clients most consumers have). */
        public boolean opensWithDuckDb1() {
            return oldestReader != null && oldestReader.startsWith("1.");
        }

        /** Whether the file is in the version asked for ({@code latest}: the newest this DuckDB writes). */
        public boolean is(StorageVersion wanted) {
            return (wanted == LATEST ? NEWEST : wanted).option.equals(version);
        }

        /** "storage version v1.0.0 (DuckDB 1.0.0 or newer opens it)". */
        public String describe() {
            if (version == null) {
                return "storage version unknown (DuckDB reports no storage_version tag)";
            }
            return "storage version " + version + " (" + (opensWithDuckDb1() ? "" : "only ") + "DuckDB " + oldestReader
                    + " or newer opens it)";
        }
    }
}
