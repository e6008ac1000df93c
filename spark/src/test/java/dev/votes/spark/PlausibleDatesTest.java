package dev.votes.spark;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Spark path's plausible CreationDate is the DuckDB path's: {@link VoteRules#timestampProblem} gives, text by text,
 * what the DuckDB path's own macros ({@code create_utc_timestamp_macro.sql} and
 * {@code create_timestamp_problem_macro.sql}, read from the repository and run in DuckDB) give with the same bounds;
 * and the job's {@code --earliest-date} is the CLI's option (default 2008-07-31, env VOTES_EARLIEST_DATE, a bad value
 * one usage line).
 */
class PlausibleDatesTest {

    static final Path SQL = SparkDuckDbConformanceTest.REPO.resolve("src/main/resources/sql");
    static final DateTimeFormatter SQL_TEXT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS", Locale.ROOT);

    /** Texts at and around every part of the definition, among them forms only a lenient parser would take. */
    static final List<String> TEXTS = List.of(
            // a digit first
            "epoch", "infinity", "-infinity", "Infinity", " 2022-01-02", "+2022-01-02", "x2022-01-02",
            // offsets: ±14:00 is the widest, numeric offsets only after the 11th character count
            "2020-01-01T00:00:00+25:00", "2020-01-01T00:00:00+14:01", "2020-01-01T00:00:00-14:01",
            "2020-01-01T00:00:00+14:00", "2020-01-01T00:00:00-14:00", "2020-01-01T00:00:00+1400",
            "2020-01-01T00:00:00-1401", "2020-01-01T00:00:00+14", "2020-01-01T00:00:00+15", "2020-01-01T00:00:00-0530",
            "2020-01-01T00:00:00+05:99", "2020-01-01T00:00:00+00:60", "2020-01-01T00:00:00+13:99",
            "2020-01-01T00:00:00+9", "2020-01-01T00:00:00+123", "2020-01-01T00:00:00 +02:00",
            "2020-01-01T00:00:00 Z", "2020-01-01T00:00:00Z", "2020-01-01T00:00:00UTC",
            "2020-01-01T10:00:00 America/New_York", "2020-01-01T10:00:00 Etc/GMT-14", "2020-01-01T10:00:00 Etc/GMT+15",
            "2020-01-01T10:00:00 GMT+14", "2020-01-01 UTC", "2020-01-01 Z", "2020-01-01 -05",
            "1-1-1T0:0+01", "1-1-1T0:0-01", "0-1-30T5:6+25:00", "0-1-3T5:6Z", "999-1-2T1:0+25",
            // the earliest date, 00:00 UTC
            "0000-01-01", "0001-01-01", "22-01-02", "2-01-02", "1970-01-01 00:00:00", "1999-12-31 23:59:59.999999",
            "2008-07-30T23:59:59", "2008-07-30T23:59:59.999999", "2008-07-31", "2008-07-31T00:00:00",
            "2008-07-31T00:00:00+00:01", "2008-07-30T23:59:59-00:01", "2008-07-31T01:00:00+01", "2008-07-31 (BC)",
            "2022-01-02 (BC)", "2022-01-02 (bc) 10:00:00", "2022-01-02 (BC) UTC", "0000-01-01 (BC)",
            "2000-01-01", "1999-12-31T23:59:59Z",
            // the latest moment (2026-11-30 12:00:00 here) and DuckDB's TIMESTAMP range
            "2026-11-30T12:00:00", "2026-11-30T12:00:00.000001", "2026-11-30T13:00:00+01",
            "2026-11-30T13:00:00.000001+01", "2026-11-30 07:00:00 America/New_York", "2099-01-01", "99999-01-01",
            "099999-01-01", "00002022-01-02", "0000000000000000000002022-01-02", "100000-01-01", "294247-01-10",
            "294247-01-10 04:00:54.775806", "294247-01-10 04:00:54.775807", "294247-01-11",
            "294247-01-10 05:00:54+02", "294247-01-10 04:00:54.775806-01", "290309-12-22 (BC)", "290309-12-21 (BC)",
            "999999-01-01", "1234567890-01-01", "99999-12-31T23:59:59.999999+14:00",
            // dates and times that are no timestamp, and ones that are
            "2022-02-29", "2024-02-29", "2022-13-01", "2022-01-02T24:00:00", "2022-01-02T24:00:01",
            "2022-01-02T10:00:00.1234567", "2022-1-2 5:6:7", "2022-01-02T10", "");

    @Test
    void everyTextGetsTheReasonTheDuckDbMacrosGive() throws Exception {
        for (PlausibleDates dates : List.of(
                new PlausibleDates(PlausibleDates.DEFAULT_EARLIEST, LocalDateTime.of(2026, 11, 30, 12, 0)),
                new PlausibleDates(LocalDate.of(2000, 1, 1), LocalDateTime.of(2026, 11, 30, 12, 0, 0, 123_456_789)),
                new PlausibleDates(LocalDate.of(1, 1, 1), LocalDateTime.of(2099, 1, 1, 0, 0)))) {
            List<String> duck = duckdbReasons(dates);
            List<String> mismatches = new ArrayList<>();
            for (int i = 0; i < TEXTS.size(); i++) {
                String spark = VoteRules.timestampProblem("CreationDate", TEXTS.get(i), dates);
                if (!String.valueOf(duck.get(i)).equals(String.valueOf(spark))) {
                    mismatches.add("[" + TEXTS.get(i) + "] DuckDB: " + duck.get(i) + ", Spark: " + spark);
                }
            }
            assertEquals("", String.join("\n", mismatches), "bounds " + dates);
        }
    }

    @Test
    void theBriefsCasesGetTheirReasons() {
        PlausibleDates dates = new PlausibleDates(PlausibleDates.DEFAULT_EARLIEST,
                LocalDateTime.of(2026, 11, 30, 12, 0));
        assertEquals("CreationDate is not a valid timestamp: epoch", VoteRules.timestampProblem("CreationDate",
                "epoch", dates));
        assertEquals("CreationDate is before 2008-07-31, the earliest plausible date: 0000-01-01",
                VoteRules.timestampProblem("CreationDate", "0000-01-01", dates));
        assertEquals("CreationDate is in the future: 99999-01-01",
                VoteRules.timestampProblem("CreationDate", "99999-01-01", dates));
        assertNull(VoteRules.timestampProblem("CreationDate", "2008-07-31T00:00:00", dates));
        assertNull(VoteRules.timestampProblem("CreationDate", "2026-11-30T12:00:00", dates));
        // A vote that passes every other check is still rejected for its date, and kept when its date is plausible.
        String[] vote = {"1", "2", "3", null, null, "2008-07-30T23:59:59"};
        assertEquals("CreationDate is before 2008-07-31, the earliest plausible date: 2008-07-30T23:59:59",
                VoteRules.classify(vote, dates).reason());
        vote[5] = "2008-07-31T00:00:00";
        assertEquals("2008-07-31 00:00:00.000000", VoteRules.classify(vote, dates).creationDate());
    }

    @Test
    void theEarliestDateIsAnIngestOptionAsOnTheCli() {
        String[] ingest = {"ingest", "--warehouse", "/tmp/w", "in.jsonl"};
        assertEquals(LocalDate.of(2008, 7, 31), VotesSparkJob.Options.parse(ingest, null).earliest());
        assertEquals(LocalDate.of(2005, 3, 4), VotesSparkJob.Options.parse(ingest, "2005-03-04").earliest(),
                "env VOTES_EARLIEST_DATE");
        assertEquals(LocalDate.of(2000, 1, 1), VotesSparkJob.Options.parse(new String[] {"ingest", "--warehouse",
                "/tmp/w", "--earliest-date", "2000-01-01", "in.jsonl"}, "2005-03-04").earliest(), "the option wins");
        assertEquals(LocalDate.of(2000, 1, 1), VotesSparkJob.Options.parse(new String[] {"ingest",
                "--earliest-date=2000-01-01", "--warehouse", "/tmp/w", "in.jsonl"}, null).earliest());
        assertEquals(List.of("in.jsonl"), VotesSparkJob.Options.parse(new String[] {"ingest", "--warehouse", "/tmp/w",
                "--earliest-date", "2000-01-01", "in.jsonl"}, null).inputs());

        for (var bad : List.of(
                List.of("ingest", "--warehouse", "/tmp/w", "--earliest-date", "2000-13-01", "in.jsonl"),
                List.of("ingest", "--warehouse", "/tmp/w", "--earliest-date=yesterday", "in.jsonl"),
                List.of("ingest", "--warehouse", "/tmp/w", "in.jsonl", "--earliest-date"),
                List.of("outliers", "--warehouse", "/tmp/w", "--earliest-date", "2000-01-01"))) {
            JobException e = assertThrows(JobException.class,
                    () -> VotesSparkJob.Options.parse(bad.toArray(String[]::new), null), bad::toString);
            assertEquals(2, e.exitCode, bad::toString);
            assertEquals(1, e.getMessage().lines().count(), e::getMessage);
            assertTrue(e.getMessage().contains("--earliest-date"), e::getMessage);
        }
        JobException env = assertThrows(JobException.class, () -> VotesSparkJob.Options.parse(ingest, "2000-13-01"));
        assertEquals(2, env.exitCode);
        assertTrue(env.getMessage().contains("VOTES_EARLIEST_DATE") && env.getMessage().contains("2000-13-01"),
                env::getMessage);
    }

    /** timestamp_problem of every text, run in DuckDB with the DuckDB path's macros and the bounds as SQL text. */
    static List<String> duckdbReasons(PlausibleDates dates) throws Exception {
        List<String> reasons = new ArrayList<>();
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:");
             Statement statement = connection.createStatement()) {
            statement.execute(Files.readString(SQL.resolve("engine/set_time_zone_utc.sql")));
            statement.execute(Files.readString(SQL.resolve("staging/create_utc_timestamp_macro.sql")));
            statement.execute(Files.readString(SQL.resolve("staging/create_timestamp_problem_macro.sql")));
            try (PreparedStatement query = connection.prepareStatement("SELECT timestamp_problem('CreationDate', ?, "
                    + "CAST(? AS TIMESTAMP), CAST(? AS TIMESTAMP))")) {
                for (String text : TEXTS) {
                    query.setString(1, text);
                    query.setString(2, SQL_TEXT.format(dates.earliest().atStartOfDay()));
                    query.setString(3, SQL_TEXT.format(dates.latest()));
                    try (ResultSet result = query.executeQuery()) {
                        result.next();
                        reasons.add(result.getString(1));
                    }
                }
            }
        } catch (SQLException e) {
            throw new AssertionError("DuckDB: " + e.getMessage(), e);
        }
        return reasons;
    }
}
