package dev.votes.spark;

import java.io.Serializable;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;

/**
 * The plausible CreationDates of a run, as the DuckDB path's {@code dev.votes.common.PlausibleDates}: from the earliest
 * date at 00:00 UTC ({@code --earliest-date}, else env {@code VOTES_EARLIEST_DATE}, else 2008-07-31, the day Stack
 * Overflow opened) to the run's start (UTC, to the microsecond), both inclusive. Made on the driver and sent with the
 * tasks, so every executor judges a vote by the same bounds.
 */
public record PlausibleDates(LocalDate earliest, LocalDateTime latest) implements Serializable {

    public static final LocalDate DEFAULT_EARLIEST = LocalDate.of(2008, 7, 31);
    public static final String ENV = "VOTES_EARLIEST_DATE";

    public PlausibleDates {
        latest = latest.truncatedTo(ChronoUnit.MICROS); // DuckDB's TIMESTAMP holds microseconds
    }

    /** The earliest moment: the earliest date at 00:00. */
    public LocalDateTime floor() {
        return earliest.atStartOfDay();
    }

    /** A date as yyyy-MM-dd (surrounding blanks ignored); the message says what is wrong, as the CLI words it. */
    public static LocalDate parse(String value) {
        try {
            return LocalDate.parse(value.strip());
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("'" + value + "' is not a date (give yyyy-MM-dd, e.g. "
                    + DEFAULT_EARLIEST + ")");
        }
    }
}
