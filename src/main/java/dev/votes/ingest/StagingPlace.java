package dev.votes.ingest;

import java.util.Locale;

/**
 * {@code ingest --staging}: where a run keeps its staged rows (every record read, typed and checked) until they are
 * loaded. {@code memory} holds them in DuckDB's memory, which spills what does not fit its memory limit to
 * {@code <warehouse>.tmp}; {@code disk} writes them to a DuckDB file of their own beside the warehouse, compressed as
 * DuckDB writes its tables, removed when the run (or step) ends; {@code auto}, the default, takes {@code disk} when the
 * run's input would stage more than the memory limit holds ({@link StagingArea#estimatedStagedBytes}), else
 * {@code memory}.
 */
public enum StagingPlace {
    auto, memory, disk;

    /** The place by its name, any case; throws {@link IllegalArgumentException} saying what to give. */
    public static StagingPlace parse(String value) {
        try {
            return valueOf(value.strip().toLowerCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + value + "' (give auto, memory or disk)", e);
        }
    }
}
