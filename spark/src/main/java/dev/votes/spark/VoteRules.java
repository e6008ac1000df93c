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
 * The validation rules and reject reasons of the DuckDB path ({@code src/main/resources/sql/stage_vote_lines.sql} and the
 * {@code create_*_macro.sql} it uses), for the Spark path. {@link #FIELDS} is the rule table: each vote field, whether it
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
    /** What DuckDB's TIMESTAMP / TIMESTAMPTZ casts take: date, optional time (1-2 digit parts), optional zone. */
    private static final Pattern TIMESTAMP = Pattern.compile(
            "(\\d{4})-(\\d{1,2})-(\\d{1,2})"
                    + "(?:[T ](\\d{1,2}):(\\d{1,2})(?::(\\d{1,2})(?:\\.(\\d+))?)?)?"
                    + "(?: ?(Z|[+-]\\d{1,2}(?::?\\d{2})?|[A-Za-z][A-Za-z0-9_/+-]*))?");
    private static final Pattern ZONE_HINT = Pattern.compile("[A-Za-z+-]");
    private static final DateTimeFormatter TEXT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS");

    private VoteRules() {
    }

    /** A classified record: the typed values when valid (CreationDate as UTC text), else the reason. */
    public record Classified(Long id, Long postId, Integer voteTypeId, Long userId, Integer bountyAmount,
                             String creationDate, String reason) implements Serializable {
    }

    /**
     * Types and checks a record's six field texts (in {@link #FIELD_NAMES} order; null when absent or JSON null) as
     * stage_vote_lines.sql does.
     */
    public static Classified classify(String[] text) {
        Long id = wholeNumber(text[0]);
        Long postId = wholeNumber(text[1]);
        Long voteTypeId = wholeNumber(text[2]);
        Long userId = wholeNumber(text[3]);
        Long bountyAmount = wholeNumber(text[4]);
        LocalDateTime creationDate = utcTimestamp(text[5]);
        boolean valid = id != null && id >= 1 && postId != null && postId >= 1
                && voteTypeId != null && voteTypeId >= 0 && voteTypeId <= Integer.MAX_VALUE
                && creationDate != null
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
            reason = timestampProblem(FIELD_NAMES.get(5), text[5]);
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

    /** create_timestamp_problem_macro.sql. */
    static String timestampProblem(String field, String text) {
        if (text == null) {
            return "missing " + field;
        }
        return utcTimestamp(text) == null ? field + " is not a valid timestamp: " + left(text, 60) : null;
    }

    /**
     * create_utc_timestamp_macro.sql: text without a zone after its 11th character is a UTC wall time; text with an
     * offset or zone name is converted to UTC. Null when it is no valid timestamp. Fractions beyond microseconds are
     * cut off, and 24:00:00 is the next midnight, as in DuckDB.
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
        String zone = m.group(8);
        if (zone != null && !zoned) {
            return null;
        }
        try {
            LocalDate date = LocalDate.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
                    Integer.parseInt(m.group(3)));
            int hour = m.group(4) == null ? 0 : Integer.parseInt(m.group(4));
            int minute = m.group(5) == null ? 0 : Integer.parseInt(m.group(5));
            int second = m.group(6) == null ? 0 : Integer.parseInt(m.group(6));
            String fraction = m.group(7) == null ? "" : m.group(7);
            int micros = fraction.isEmpty() ? 0 : Integer.parseInt((fraction + "00000").substring(0, 6));
            LocalDateTime local;
            if (hour == 24 && minute == 0 && second == 0 && micros == 0) {
                local = date.plusDays(1).atStartOfDay();
            } else {
                local = date.atTime(hour, minute, second, micros * 1000);
            }
            if (zone == null) {
                return local;
            }
            ZoneId id = zone.equals("Z") ? ZoneOffset.UTC
                    : zone.startsWith("+") || zone.startsWith("-") ? offset(zone) : ZoneId.of(zone);
            return local.atZone(id).withZoneSameInstant(ZoneOffset.UTC).toLocalDateTime();
        } catch (DateTimeException | NumberFormatException e) {
            return null;
        }
    }

    private static ZoneOffset offset(String zone) {
        String digits = zone.substring(1).replace(":", "");
        int hours = Integer.parseInt(digits.length() <= 2 ? digits : digits.substring(0, digits.length() - 2));
        int minutes = digits.length() <= 2 ? 0 : Integer.parseInt(digits.substring(digits.length() - 2));
        int sign = zone.startsWith("-") ? -1 : 1;
        return ZoneOffset.ofHoursMinutes(sign * hours, sign * minutes);
    }

    /** DuckDB's left(text, n): the first n characters (code points). */
    static String left(String text, int n) {
        int count = text.codePointCount(0, text.length());
        return count <= n ? text : text.substring(0, text.offsetByCodePoints(0, n));
    }
}
