package dev.votes.common;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import dev.votes.failure.BadSetting;

/**
 * The one definition of a plausible vote date, used by {@code ingest} (a vote outside it is rejected with its reason)
 * and by {@code votes check} (a stored vote outside it fails the date-range check): from the earliest date, midnight
 * UTC, to now (UTC; for an ingest, the run's start). The earliest date is 2008-07-31 unless {@code --earliest-date} or
 * env {@code VOTES_EARLIEST_DATE} says otherwise: Stack Overflow, the first Stack Exchange site, opened its beta that
 * day, so no Stack Exchange vote is older.
 */
public record PlausibleDates(LocalDate earliest, LocalDateTime latest) {

    public static final LocalDate DEFAULT_EARLIEST = LocalDate.of(2008, 7, 31);
    public static final String ENV = "VOTES_EARLIEST_DATE";

    private static final DateTimeFormatter SQL = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS");

    /** From the earliest date to this moment, UTC. */
    public static PlausibleDates untilNow(LocalDate earliest) {
        return new PlausibleDates(earliest, LocalDateTime.now(ZoneOffset.UTC));
    }

    /** The earliest date env {@code VOTES_EARLIEST_DATE} gives, else 2008-07-31; a bad value is one line naming it. */
    public static LocalDate earliestFromEnvironment() {
        String value = System.getenv(ENV);
        if (value == null || value.isBlank()) {
            return DEFAULT_EARLIEST;
        }
        try {
            return parse(value);
        } catch (IllegalArgumentException e) {
            throw new BadSetting(ENV, e.getMessage());
        }
    }

    /** A date as yyyy-MM-dd; the message says what is wrong. */
    public static LocalDate parse(String value) {
        try {
            return LocalDate.parse(value.strip());
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("'" + value + "' is not a date (give yyyy-MM-dd, e.g. "
                    + DEFAULT_EARLIEST + ")");
        }
    }

    /** The earliest moment as SQL timestamp text (a bound parameter). */
    public String earliestText() {
        return SQL.format(earliest.atStartOfDay());
    }

    /** The latest moment as SQL timestamp text (a bound parameter). */
    public String latestText() {
        return SQL.format(latest);
    }
}
