package dev.votes.common;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A size given on the command line, parsed by one rule for every size option ({@code --memory-limit},
 * {@code serve --max-upload}), DuckDB's: {@code KB}, {@code MB}, {@code GB}, {@code TB} (also {@code K}, {@code M},
 * {@code G}, {@code T}) are powers of 1000, {@code KiB}, {@code MiB}, {@code GiB}, {@code TiB} powers of 1024, and a
 * bare number or {@code B} is bytes; case does not matter, a space may separate number and unit, and the number may
 * have a fraction ({@code 1.5GB}).
 *
 * @param number the number as given
 * @param unit   the canonical unit: {@code B}, {@code KB} .. {@code TB}, {@code KiB} .. {@code TiB}
 */
public record Size(BigDecimal number, String unit) {

    /** The rule in a few words, for messages and help. */
    public static final String RULE = "KB, MB, GB, TB are powers of 1000, KiB, MiB, GiB, TiB powers of 1024";

    private static final Pattern SIZE = Pattern.compile(
            "(\\d{1,15}(?:\\.\\d{1,6})?)\\s*(B|K|KB|M|MB|G|GB|T|TB|KIB|MIB|GIB|TIB)?", Pattern.CASE_INSENSITIVE);

    /** Parses a size; throws {@link IllegalArgumentException} saying what is accepted. */
    public static Size parse(String text) {
        Matcher size = SIZE.matcher(text == null ? "" : text.strip());
        if (!size.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a size (give bytes, or e.g. 500KB, 1.5GB, 2GiB; "
                    + RULE + ")");
        }
        String unit = size.group(2) == null ? "B" : switch (size.group(2).toUpperCase(Locale.ROOT)) {
            case "K", "KB" -> "KB";
            case "M", "MB" -> "MB";
            case "G", "GB" -> "GB";
            case "T", "TB" -> "TB";
            case "KIB" -> "KiB";
            case "MIB" -> "MiB";
            case "GIB" -> "GiB";
            case "TIB" -> "TiB";
            default -> "B";
        };
        Size parsed = new Size(new BigDecimal(size.group(1)), unit);
        try {
            parsed.bytes();
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("'" + text + "' is too large", e);
        }
        return parsed;
    }

    /** The size in bytes, rounded down. */
    public long bytes() {
        return number.multiply(BigDecimal.valueOf(unitBytes())).setScale(0, RoundingMode.DOWN).longValueExact();
    }

    /** The size as DuckDB reads it, e.g. {@code 768MB}, {@code 1.5GiB}, {@code 1000B}. */
    @Override
    public String toString() {
        return number.toPlainString() + unit;
    }

    private long unitBytes() {
        return switch (unit) {
            case "KB" -> 1000L;
            case "MB" -> 1000L * 1000;
            case "GB" -> 1000L * 1000 * 1000;
            case "TB" -> 1000L * 1000 * 1000 * 1000;
            case "KiB" -> 1L << 10;
            case "MiB" -> 1L << 20;
            case "GiB" -> 1L << 30;
            case "TiB" -> 1L << 40;
            default -> 1L;
        };
    }
}
