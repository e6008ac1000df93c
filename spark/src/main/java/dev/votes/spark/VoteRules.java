package dev.votes.spark;

import java.io.Serializable;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The validation rules and reject reasons of the DuckDB path ({@code src/main/resources/sql/staging/stage_vote_lines.sql}
 * and the {@code create_*_macro.sql} it uses), for the Spark path. {@link #FIELDS} is the rule table: each vote field, whether it
 * is required, and the range it must fit. A record's fields come in as text (JSON values as DuckDB's
 * {@code json_transform} gives them, CSV values, Parquet values cast to text); the first rule a record breaks, in the
 * table's order with the timestamp checked after the required integers, is its reason. The conformance test
 * ({@code SparkDuckDbConformanceTest}) runs both engines over {@code src/test/resources/rules/reject-cases.jsonl}, whose
 * lines name the reason each must get, so a rule that differs on either side fails it.
 */
public final class VoteRules {

    /** One integer field of a vote: its name, whether it must be present, and the range it must fit. */
    public record IntegerField(String name, boolean required, long lowest, long highest) implements Serializable {
    }

    /** The integer fields in the order their problems are reported (CreationDate comes after the required ones). */
    public static final List<IntegerField> FIELDS = List.of(
            new IntegerField("Id", true, 1, Long.MAX_VALUE),
            new IntegerField("PostId", true, 1, Long.MAX_VALUE),
            new IntegerField("VoteTypeId", true, 0, Integer.MAX_VALUE),
            new IntegerField("UserId", false, Long.MIN_VALUE, Long.MAX_VALUE),
            new IntegerField("BountyAmount", false, 0, Integer.MAX_VALUE));

    /** The record fields, in the order of {@link #classify}'s argument. */
    public static final List<String> FIELD_NAMES = List.of("Id", "PostId", "VoteTypeId", "UserId", "BountyAmount",
            "CreationDate");

    public static final String MALFORMED_JSON = "malformed JSON";
    public static final String INVALID_UTF8 = "invalid UTF-8";
    public static final String TOO_MANY_FIELDS = "more fields than the header names";
    public static final String TOO_FEW_FIELDS = "fewer fields than the header names";
    public static final String QUOTE_IN_UNQUOTED_FIELD = "a quote inside an unquoted field";

    private static final Pattern WHOLE_NUMBER = Pattern.compile("[+-]?[0-9]+");
    /**
     * What DuckDB's TIMESTAMP / TIMESTAMPTZ casts take: a date (a year of any number of digits, as DuckDB reads
     * 99999-01-01 or 022-01-02; an optional " (BC)"), an optional time (1-2 digit parts), and after a time an optional
     * zone: right after the time Z or an offset {@code [+-]hh[[:]mm]} (two-digit hours; the minutes may exceed 59, as
     * DuckDB adds them), or after one space a zone name. DuckDB reads a zone only after a time ("2022-01-02 UTC" is no
     * timestamp), and neither "10:00:00 Z" nor "10:00:00UTC".
     */
    private static final Pattern TIMESTAMP = Pattern.compile(
            "(\\d+)-(\\d{1,2})-(\\d{1,2})([ \\t\\n\\u000B\\f\\r]\\([Bb][Cc]\\))?"
                    + "(?:[T ](\\d{1,2}):(\\d{1,2})(?::(\\d{1,2})(?:\\.(\\d+))?)?"
                    + "(?:(Z|[+-]\\d{2}(?::?\\d{2})?)| ([A-Za-z][A-Za-z0-9_/+-]*))?)?");
    private static final Pattern ZONE_HINT = Pattern.compile("[A-Za-z+-]");
    /** create_utc_timestamp_macro.sql's numeric offset at the end of the text after its 11th character. */
    private static final Pattern OFFSET_AT_END = Pattern.compile("[+-]([0-9]{1,2}):?([0-9]{2})?(:?[0-9]{2})?\\s*\\z");
    /** The widest UTC offset any place on Earth uses, in minutes (Kiribati's +14:00). */
    private static final int WIDEST_OFFSET_MINUTES = 14 * 60;
    private static final DateTimeFormatter TEXT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS");

    private VoteRules() {
    }

    /** A classified record: the typed values when valid (CreationDate as UTC text), else the reason. */
    public record Classified(Long id, Long postId, Integer voteTypeId, Long userId, Integer bountyAmount,
                             String creationDate, String reason) implements Serializable {
    }

    /**
     * Types and checks a record's six field texts (in {@link #FIELD_NAMES} order; null when absent or JSON null) as
     * stage_vote_lines.sql does, CreationDate against the run's plausible dates.
     */
    public static Classified classify(String[] text, PlausibleDates dates) {
        Long id = wholeNumber(text[0]);
        Long postId = wholeNumber(text[1]);
        Long voteTypeId = wholeNumber(text[2]);
        Long userId = wholeNumber(text[3]);
        Long bountyAmount = wholeNumber(text[4]);
        LocalDateTime creationDate = utcTimestamp(text[5]);
        boolean valid = id != null && id >= 1 && postId != null && postId >= 1
                && voteTypeId != null && voteTypeId >= 0 && voteTypeId <= Integer.MAX_VALUE
                && creationDate != null && plausible(creationDate, dates)
                && (text[3] == null || userId != null)
                && (text[4] == null || bountyAmount != null && bountyAmount >= 0 && bountyAmount <= Integer.MAX_VALUE);
        if (valid) {
            return new Classified(id, postId, voteTypeId.intValue(), userId,
                    bountyAmount == null ? null : bountyAmount.intValue(), TEXT.format(creationDate), null);
        }
        String reason = null;
        for (int i = 0; i < 3 && reason == null; i++) {
            reason = integerProblem(FIELDS.get(i), text[i]);
        }
        if (reason == null) {
            reason = timestampProblem(FIELD_NAMES.get(5), text[5], dates);
        }
        for (int i = 3; i < 5 && reason == null; i++) {
            reason = integerProblem(FIELDS.get(i), text[i]);
        }
        return new Classified(null, null, null, null, null, null, reason == null ? "failed validation" : reason);
    }

    /** A rejected record: only the reason. */
    public static Classified rejected(String reason) {
        return new Classified(null, null, null, null, null, null, reason);
    }

    /** create_whole_number_macro.sql: a plain decimal integer that fits a BIGINT, else null. */
    static Long wholeNumber(String text) {
        if (text == null || !WHOLE_NUMBER.matcher(text).matches()) {
            return null;
        }
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** create_integer_problem_macro.sql and create_required_integer_problem_macro.sql. */
    static String integerProblem(IntegerField field, String text) {
        if (text == null) {
            return field.required() ? "missing " + field.name() : null;
        }
        if (!WHOLE_NUMBER.matcher(text).matches()) {
            return field.name() + " is not an integer: " + left(text, 60);
        }
        Long value = wholeNumber(text);
        if (value == null || value < field.lowest() || value > field.highest()) {
            return field.name() + " is out of range " + field.lowest() + ".." + field.highest() + ": " + left(text, 60);
        }
        return null;
    }

    /**
     * create_timestamp_problem_macro.sql: missing, not a valid timestamp, before the earliest plausible date or after
     * the latest (the run's start), else null.
     */
    static String timestampProblem(String field, String text, PlausibleDates dates) {
        if (text == null) {
            return "missing " + field;
        }
        LocalDateTime utc = utcTimestamp(text);
        if (utc == null) {
            return field + " is not a valid timestamp: " + left(text, 60);
        }
        if (utc.isBefore(dates.floor())) {
            return field + " is before " + dates.earliest() + ", the earliest plausible date: " + left(text, 60);
        }
        if (utc.isAfter(dates.latest())) {
            return field + " is in the future: " + left(text, 60);
        }
        return null;
    }

    /** From the earliest date at 00:00 to the latest moment, both inclusive (SQL's BETWEEN). */
    static boolean plausible(LocalDateTime utc, PlausibleDates dates) {
        return !utc.isBefore(dates.floor()) && !utc.isAfter(dates.latest());
    }

    /**
     * create_utc_timestamp_macro.sql: text without a zone after its 11th character is a UTC wall time (DuckDB's
     * TIMESTAMP cast, which keeps the wall time of an offset or Z starting within the first 11 characters, as in
     * "1-1-1T0:0+01"); text with an offset or zone name after it is converted to UTC (the TIMESTAMPTZ cast). Null
     * when it is no valid timestamp: it does not start with a digit, its numeric offset at the end is wider than
     * ±14:00, or DuckDB's casts would not take it (a date that does not exist, a moment outside DuckDB's TIMESTAMP
     * range, 290309-12-22 (BC) to 294247-01-10 04:00:54.775806, before or after the conversion to UTC). A year may have
     * any number of digits ("99999-01-01" is a date, in the future); " (BC)" after the date counts the year back from
     * 1 BC, as DuckDB does. Fractions beyond microseconds are cut off, and 24:00:00 is the next midnight, as in DuckDB.
     */
    static LocalDateTime utcTimestamp(String text) {
        if (text == null) {
            return null;
        }
        Matcher m = TIMESTAMP.matcher(text);
        if (!m.matches()) {
            return null;
        }
        boolean zoned = text.length() > 11 && ZONE_HINT.matcher(text.substring(11)).find();
        String zone = m.group(9) != null ? m.group(9) : m.group(10);
        if ("Z".equals(m.group(10))) {
            return null; // a zone name Z, after a space: no zone DuckDB knows
        }
        boolean numeric = zone != null && (zone.startsWith("+") || zone.startsWith("-"));
        if (zone != null && !zoned) {
            if (!numeric && !zone.equals("Z")) {
                return null;
            }
            zone = null; // the TIMESTAMP cast drops it
        }
        if (zoned && offsetMinutesAtEnd(text.substring(11)) > WIDEST_OFFSET_MINUTES) {
            return null;
        }
        try {
            String yearDigits = m.group(1).replaceFirst("^0+(?=.)", "");
            if (yearDigits.length() > 9) { // DuckDB stops reading a year at 100000000
                return null;
            }
            int year = Integer.parseInt(yearDigits);
            if (m.group(4) != null) { // " (BC)": 1 BC is year 0
                if (year == 0) {
                    return null;
                }
                year = 1 - year;
            }
            LocalDate date = LocalDate.of(year, Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)));
            int hour = m.group(5) == null ? 0 : Integer.parseInt(m.group(5));
            int minute = m.group(6) == null ? 0 : Integer.parseInt(m.group(6));
            int second = m.group(7) == null ? 0 : Integer.parseInt(m.group(7));
            String fraction = m.group(8) == null ? "" : m.group(8);
            int micros = fraction.isEmpty() ? 0 : Integer.parseInt((fraction + "00000").substring(0, 6));
            LocalDateTime local;
            if (hour == 24 && minute == 0 && second == 0 && micros == 0) {
                local = date.plusDays(1).atStartOfDay();
            } else {
                local = date.atTime(hour, minute, second, micros * 1000);
            }
            if (!inTimestampRange(local)) {
                return null;
            }
            if (zone == null) {
                return local;
            }
            LocalDateTime utc = zone.equals("Z") ? local
                    : numeric ? local.minusMinutes(offsetMinutes(zone))
                    : local.atZone(ZoneId.of(zone)).withZoneSameInstant(ZoneOffset.UTC).toLocalDateTime();
            return inTimestampRange(utc) ? utc : null;
        } catch (DateTimeException | NumberFormatException | ArithmeticException e) {
            return null;
        }
    }

    /**
     * The macro's offset check: the minutes of a numeric offset {@code [+-]h[h][[:]mm]} at the end of the text after
     * its 11th character, 0 when there is none.
     */
    private static int offsetMinutesAtEnd(String afterEleventh) {
        Matcher offset = OFFSET_AT_END.matcher(afterEleventh);
        if (!offset.find()) {
            return 0;
        }
        int minutes = offset.group(2) == null ? 0 : Integer.parseInt(offset.group(2));
        return Integer.parseInt(offset.group(1)) * 60 + minutes;
    }

    /** Whether DuckDB's TIMESTAMP holds the moment: its microseconds since 1970 fit, short of ±infinity. */
    private static boolean inTimestampRange(LocalDateTime value) {
        long micros = Math.addExact(Math.multiplyExact(value.toEpochSecond(ZoneOffset.UTC), 1_000_000L),
                value.getNano() / 1000);
        return micros > -Long.MAX_VALUE && micros < Long.MAX_VALUE;
    }

    /** A numeric offset {@code [+-]hh[[:]mm]} in minutes east of UTC, hours times 60 plus the minutes. */
    private static long offsetMinutes(String zone) {
        String digits = zone.substring(1).replace(":", "");
        int minutes = Integer.parseInt(digits.substring(0, 2)) * 60
                + (digits.length() > 2 ? Integer.parseInt(digits.substring(2)) : 0);
        return zone.startsWith("-") ? -minutes : minutes;
    }

    /** DuckDB's left(text, n): the first n characters (code points). */
    static String left(String text, int n) {
        int count = text.codePointCount(0, text.length());
        return count <= n ? text : text.substring(0, text.offsetByCodePoints(0, n));
    }
}
