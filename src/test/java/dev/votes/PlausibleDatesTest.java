package dev.votes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.votes.cli.exit.ExitCodes;
import io.quarkus.test.junit.QuarkusTest;

/**
 * One definition of a plausible CreationDate, used by ingest and check: a date that ingest takes never fails check's
 * date-range afterwards, and one that check would fail is rejected by ingest with its reason.
 */
@QuarkusTest
class PlausibleDatesTest extends InProcessCommandTest {

    private static final String LINE = "{\"Id\":%d,\"PostId\":1,\"VoteTypeId\":2,\"CreationDate\":\"%s\"}";

    /** Each date and the reason it is rejected with, or null when it loads. */
    private static final List<List<String>> DATES = List.of(
            List.of("epoch", "CreationDate is not a valid timestamp: epoch"),
            List.of("infinity", "CreationDate is not a valid timestamp: infinity"),
            List.of("2020-01-01T00:00:00+25:00", "CreationDate is not a valid timestamp: 2020-01-01T00:00:00+25:00"),
            List.of("2020-01-01T00:00:00+14:01", "CreationDate is not a valid timestamp: 2020-01-01T00:00:00+14:01"),
            List.of("2020-01-01T00:00:00+25:00:00", "CreationDate is not a valid timestamp: 2020-01-01T00:00:00+25:00:00"),
            List.of("2020-01-01T00:00:00+99 ", "CreationDate is not a valid timestamp: 2020-01-01T00:00:00+99 "),
            List.of("0000-01-01", "CreationDate is before 2008-07-31, the earliest plausible date: 0000-01-01"),
            List.of("1970-01-01 00:00:00", "CreationDate is before 2008-07-31, the earliest plausible date: "
                    + "1970-01-01 00:00:00"),
            List.of("2008-07-30T23:59:59", "CreationDate is before 2008-07-31, the earliest plausible date: "
                    + "2008-07-30T23:59:59"),
            List.of("99999-01-01", "CreationDate is in the future: 99999-01-01"),
            List.of("2099-01-01", "CreationDate is in the future: 2099-01-01"),
            List.of("2008-07-31T00:00:00", ""),
            List.of("2020-01-01T00:00:00+14:00", ""),
            List.of("2020-01-01T00:00:00-0530", ""),
            List.of("2020-01-01T10:00:00 America/New_York", ""));

    @Test
    void implausibleDatesAreRejectedWithTheirReasonAndCheckPassesAfterwards() throws Exception {
        Path jsonl = dir.resolve("dates.jsonl");
        Path csv = dir.resolve("dates.csv");
        StringBuilder lines = new StringBuilder();
        StringBuilder rows = new StringBuilder("Id,PostId,VoteTypeId,CreationDate\n");
        for (int i = 0; i < DATES.size(); i++) {
            lines.append(LINE.formatted(i + 1, DATES.get(i).getFirst())).append('\n');
            rows.append(100 + i).append(",1,2,").append(DATES.get(i).getFirst()).append('\n');
        }
        Files.writeString(jsonl, lines);
        Files.writeString(csv, rows);

        CliRunner.Result ingest = cli.run("ingest", "--db", db.toString(), jsonl.toString(), csv.toString());
        CliRunner.Result check = cli.run("check", "--db", db.toString());

        long rejected = DATES.stream().filter(date -> !date.get(1).isEmpty()).count();
        assertEquals(ExitCodes.COMMITTED_WITH_REJECTS, ingest.exitCode(), ingest::toString);
        assertTrue(ingest.err().contains("rejected " + 2 * rejected), ingest::toString);
        for (String file : List.of(jsonl.toString(), csv.toString())) {
            List<String> expected = DATES.stream().map(date -> date.get(1)).filter(reason -> !reason.isEmpty()).toList();
            assertEquals(expected, Warehouses.query(db, "SELECT source_file, reason FROM blog_analysis.rejected_votes "
                    + "ORDER BY line_number").stream().filter(row -> row.getFirst().equals(file))
                    .map(row -> String.valueOf(row.get(1))).toList(), "the same reasons, JSON lines and CSV");
        }
        assertEquals(ExitCodes.OK, check.exitCode(), check::toString);
    }

    @Test
    void anEarlierFloorIsOneOptionForIngestAndCheckAlike() throws Exception {
        Path file = dir.resolve("old.jsonl");
        Files.writeString(file, LINE.formatted(1, "2001-05-05T12:00:00") + "\n" + LINE.formatted(2, "1999-12-31") + "\n");

        CliRunner.Result ingest = cli.run("ingest", "--db", db.toString(), "--earliest-date", "2000-01-01",
                file.toString());
        CliRunner.Result checkByDefault = cli.run("check", "--db", db.toString());
        CliRunner.Result checkWithTheFloor = cli.run("check", "--db", db.toString(), "--earliest-date", "2000-01-01");
        CliRunner.Result badValue = cli.run("ingest", "--db", db.toString(), "--earliest-date", "2000-13-01",
                file.toString());

        assertEquals(ExitCodes.COMMITTED_WITH_REJECTS, ingest.exitCode(), ingest::toString);
        assertEquals(List.of(List.of("CreationDate is before 2000-01-01, the earliest plausible date: 1999-12-31")),
                Warehouses.query(db, "SELECT reason FROM blog_analysis.rejected_votes"));
        assertEquals(ExitCodes.CHECK_FAILED, checkByDefault.exitCode(), checkByDefault::toString);
        assertTrue(checkByDefault.out().contains("1 vote dated before 2008-07-31"), checkByDefault::toString);
        assertEquals(ExitCodes.OK, checkWithTheFloor.exitCode(), checkWithTheFloor::toString);
        assertEquals(ExitCodes.USAGE, badValue.exitCode(), badValue::toString);
        assertEquals(1, badValue.err().lines().count(), badValue::toString);
        assertTrue(badValue.err().contains("--earliest-date") && badValue.err().contains("2000-13-01"),
                badValue::toString);
    }
}
