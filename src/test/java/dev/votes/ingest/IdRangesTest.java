package dev.votes.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.votes.common.PlausibleDates;
import dev.votes.common.Progress;
import dev.votes.warehouse.Catalog;

/**
 * The anti-join against the table in slices of Ids: the slices cover the staged Ids exactly once, whatever the ranges,
 * and a load in many slices gives the rows one slice gives.
 */
class IdRangesTest {

    @TempDir
    Path dir;

    @Test
    void rangesOverlapOnlyWhenBothHaveIdsInCommon() {
        assertTrue(new IdRanges(1L, 10L, 10L, 20L, 11).overlap());
        assertFalse(new IdRanges(1L, 9L, 10L, 20L, 11).overlap(), "an increment of new Ids");
        assertFalse(new IdRanges(1L, 9L, null, null, 0).overlap(), "an empty table");
        assertFalse(new IdRanges(null, null, 1L, 9L, 9).overlap(), "no valid staged record");
    }

    @Test
    void slicesCoverTheStagedIdsOnceEach() {
        List<IdRanges> cases = List.of(
                new IdRanges(1L, 10_000_000L, 1L, 10_000_000L, 9_900_000),
                new IdRanges(1L, 100L, 50L, 1_000_000L, 1_000_000),
                new IdRanges(500L, 600L, 1L, 1_000_000L, 1_000_000),
                new IdRanges(1L, 7L, 3L, 5L, 3),
                new IdRanges(1L, Long.MAX_VALUE, 1L, Long.MAX_VALUE, Long.MAX_VALUE),
                new IdRanges(Long.MAX_VALUE - 3, Long.MAX_VALUE, Long.MIN_VALUE, Long.MAX_VALUE, 40),
                new IdRanges(5L, 5L, 5L, 5L, 1));
        for (IdRanges ranges : cases) {
            for (long rowsPerSlice : new long[] {1, 2, 3, 1_000, IdRanges.ROWS_PER_SLICE}) {
                List<IdRanges.Slice> slices = ranges.slices(rowsPerSlice);
                String what = ranges + " in slices of " + rowsPerSlice + ": " + slices;
                assertEquals(ranges.stagedLowest(), slices.get(0).lowest(), what);
                assertEquals(ranges.stagedHighest(), slices.get(slices.size() - 1).highest(), what);
                for (int i = 0; i < slices.size(); i++) {
                    assertTrue(slices.get(i).lowest() <= slices.get(i).highest(), what);
                    if (i > 0) {
                        assertEquals(slices.get(i - 1).highest() + 1, slices.get(i).lowest(), what);
                    }
                }
                long expected = Math.min(IdRanges.MOST_SLICES,
                        Math.max(1, (ranges.knownRows() + rowsPerSlice - 1) / rowsPerSlice));
                assertTrue(slices.size() <= expected, what);
            }
        }
        assertEquals(4, new IdRanges(1L, 10_000_000L, 1L, 10_000_000L, 9_900_000)
                .slices(IdRanges.ROWS_PER_SLICE).size());
    }

    @Test
    void aLoadInManySlicesGivesTheRowsOfOneSliceInMemoryOrOnDisk() throws Exception {
        // The table holds the even Ids up to 40, or nothing; the file repeats some Ids, held or not, with other PostIds.
        List<String> lines = new ArrayList<>();
        Map<Long, Long> held = new LinkedHashMap<>();
        for (long id = 2; id <= 40; id += 2) {
            held.put(id, 1000 + id);
        }
        Map<Long, Long> fresh = new LinkedHashMap<>();
        long[][] records = {{1, 1}, {2, 2}, {7, 3}, {50, 4}, {7, 5}, {3, 6}, {40, 7}, {41, 8}, {3, 9}, {99, 10}, {1, 11}};
        for (long[] record : records) {
            lines.add("{\"Id\":\"" + record[0] + "\",\"PostId\":\"" + record[1]
                    + "\",\"VoteTypeId\":\"2\",\"CreationDate\":\"2012-01-11T00:00:00.000\"}");
            held.putIfAbsent(record[0], record[1]);
            fresh.putIfAbsent(record[0], record[1]);
        }
        Path file = dir.resolve("votes.jsonl");
        Files.write(file, lines);

        for (StagingPlace place : List.of(StagingPlace.memory, StagingPlace.disk)) {
            for (long rowsPerSlice : new long[] {1, 3, IdRanges.ROWS_PER_SLICE}) {
                // On disk, the repeated Ids in slices of 1 and 2 of the 11 rows too (in memory they stay whole).
                for (long repeatedSlice : new long[] {1, 2, Staging.ROWS_PER_REPEATED_SLICE}) {
                    String what = place + ", slices of " + rowsPerSlice + " and " + repeatedSlice;
                    assertEquals(held, load(file, place, true, rowsPerSlice, repeatedSlice), what);
                    assertEquals(fresh, load(file, place, false, rowsPerSlice, repeatedSlice), "empty table, " + what);
                }
            }
        }
    }

    /**
     * Loads the file, staged at {@code place}, into a table holding the even Ids up to 40 (PostId 1000 + Id) when
     * {@code held}, else into an empty one; returns Id → PostId.
     */
    private Map<Long, Long> load(Path file, StagingPlace place, boolean held, long rowsPerSlice,
                                 long rowsPerRepeatedSlice) throws Exception {
        ExecutorService hashing = ContentHash.newHashingThread();
        Class.forName("org.duckdb.DuckDBDriver"); // as the tool does: DriverManager may not have found it yet
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:");
             StagingArea area = StagingArea.attach(connection, dir.resolve("w.db"), place, List.of(),
                     Progress.QUIET)) {
            new Catalog(connection).createSchema();
            try (PreparedStatement rows = connection.prepareStatement(
                    "INSERT INTO blog_analysis.votes SELECT range, 1000 + range, 2, NULL, NULL, TIMESTAMP '2012-01-11', 0 "
                            + "FROM range(2, 41, 2)")) {
                if (held) {
                    rows.execute();
                }
            }
            Staging staging = new Staging(connection, area.onDisk());
            staging.createHelpers();
            Staging.File staged = new Staging.File(0, InputFile.of(file.toString(), null, null, hashing),
                    file.toString(), PlausibleDates.untilNow(PlausibleDates.DEFAULT_EARLIEST));
            staging.insertStagedFile(staged);
            staging.stageVoteRecords(staged);
            long inserted = staging.insertNewVotes(1, 11, rowsPerSlice, rowsPerRepeatedSlice);
            Map<Long, Long> rows = new LinkedHashMap<>();
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT Id, PostId, IngestionRunId FROM blog_analysis.votes ORDER BY IngestionRunId, Id");
                 ResultSet result = select.executeQuery()) {
                long added = 0;
                while (result.next()) {
                    rows.put(result.getLong(1), result.getLong(2));
                    added += result.getLong(3);
                }
                assertEquals(added, inserted, "the inserts' update counts are the rows added");
            }
            return rows;
        } finally {
            hashing.shutdown();
        }
    }
}
