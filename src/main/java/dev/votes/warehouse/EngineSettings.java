package dev.votes.warehouse;

import java.math.BigDecimal;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.votes.common.Size;

/**
 * DuckDB's resource settings for a command that does real work: its memory limit and worker threads. They are passed
 * to DuckDB as configuration when the database is opened (JDBC connection properties, not SQL), after being validated
 * here; {@code temp_directory} is always {@code <warehouse>.tmp}, beside the warehouse file.
 *
 * @param memoryLimit DuckDB's {@code memory_limit}, normalized (e.g. {@code 768MB}, {@code 2GiB}, {@code 50%})
 * @param threads     DuckDB's {@code threads}, or null for DuckDB's default (one per core)
 */
public record EngineSettings(String memoryLimit, Integer threads) {

    /** The default memory limit: keeps the process (DuckDB plus the JVM or native image) under about 1 GB. */
    public static final String DEFAULT_MEMORY_LIMIT = "768MB";

    /** The smallest memory limit accepted: DuckDB cannot even open a database in much less. */
    static final long MIN_MEMORY_BYTES = 32L * 1000 * 1000;

    public static final int MAX_THREADS = 1024;

    private static final Pattern PERCENT = Pattern.compile("(\\d{1,3}(?:\\.\\d{1,6})?)\\s*%");

    /**
     * Validates the values and returns them normalized; throws {@link IllegalArgumentException} with a message naming
     * what is wrong and what is accepted.
     */
    public static EngineSettings of(String memoryLimit, Integer threads) {
        return new EngineSettings(memoryLimit(memoryLimit), threads(threads));
    }

    /**
     * A size such as {@code 768MB}, {@code 1.5GB}, {@code 2GiB} (the one rule of {@link Size}) or {@code 50%} (of the
     * machine's memory).
     */
    public static String memoryLimit(String value) {
        Matcher percent = PERCENT.matcher(value == null ? "" : value.strip());
        if (percent.matches()) {
            BigDecimal number = new BigDecimal(percent.group(1));
            if (number.signum() <= 0 || number.compareTo(BigDecimal.valueOf(100)) > 0) {
                throw new IllegalArgumentException("'" + value + "' (a percentage must be more than 0% and at most 100%)");
            }
            return number.toPlainString() + "%";
        }
        Size size;
        try {
            size = Size.parse(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + value + "' (give a size such as 768MB, 2GB, 1GiB or 50%; "
                    + Size.RULE + ")");
        }
        if (size.bytes() < MIN_MEMORY_BYTES) {
            throw new IllegalArgumentException("'" + value + "' (DuckDB needs at least 32MB)");
        }
        return size.toString();
    }

    public static Integer threads(Integer value) {
        if (value != null && (value < 1 || value > MAX_THREADS)) {
            throw new IllegalArgumentException("'" + value + "' (give a number of threads from 1 to " + MAX_THREADS + ")");
        }
        return value;
    }
}
