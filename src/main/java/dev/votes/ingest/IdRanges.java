package dev.votes.ingest;

import java.util.ArrayList;
import java.util.List;

/**
 * The lowest and highest Id of a run's valid staged records and of {@code blog_analysis.votes} (null where there is
 * none), and the table's row count: whether a staged record can carry an Id the table holds, and in which slices of
 * Ids the anti-join that finds the ones it does not hold runs ({@code staging/insert_staged_ids_not_held.sql}).
 */
record IdRanges(Long stagedLowest, Long stagedHighest, Long knownLowest, Long knownHighest, long knownRows) {

    /**
     * How many of the table's rows one slice of the anti-join should hold: its hash table then takes about 100 MB, well
     * within the default memory limit beside a 10 M-row staging table, where one join over 10 M Ids spills and takes
     * twice as long as four of 2.5 M (PERFORMANCE.md).
     */
    static final long ROWS_PER_SLICE = 2_500_000;
    /** The most slices, whatever the table's size. */
    static final int MOST_SLICES = 256;

    /** A slice of Ids, both ends included. */
    record Slice(long lowest, long highest) {

        /** Every Id. */
        static final Slice ALL = new Slice(Long.MIN_VALUE, Long.MAX_VALUE);
    }

    /** Whether a staged record can carry an Id the table holds. */
    boolean overlap() {
        return stagedLowest != null && knownLowest != null
                && stagedLowest <= knownHighest && knownLowest <= stagedHighest;
    }

    /**
     * The staged Ids' range ({@link #overlap} must hold) cut into contiguous slices: the part both ranges share in
     * slices of equal width, about {@code rowsPerSlice} of the table's rows each if they are spread evenly, the first
     * and last slice widened to the staged Ids' ends. Every staged Id lies in exactly one slice.
     */
    List<Slice> slices(long rowsPerSlice) {
        long sharedLowest = Math.max(stagedLowest, knownLowest);
        long sharedHighest = Math.min(stagedHighest, knownHighest);
        long count = Math.min(MOST_SLICES, Math.max(1, (knownRows + rowsPerSlice - 1) / rowsPerSlice));
        // Unsigned arithmetic: the shared width may exceed Long.MAX_VALUE when the Ids span negative and positive.
        long span = sharedHighest - sharedLowest;
        long width = Long.divideUnsigned(span, count) + 1;
        List<Slice> slices = new ArrayList<>();
        long lowest = stagedLowest;
        long from = sharedLowest;
        while (true) {
            boolean last = Long.compareUnsigned(sharedHighest - from, width) < 0 || slices.size() == count - 1;
            long to = last ? sharedHighest : from + width - 1;
            slices.add(new Slice(lowest, last ? stagedHighest : to));
            if (last) {
                return slices;
            }
            from = to + 1;
            lowest = from;
        }
    }
}
