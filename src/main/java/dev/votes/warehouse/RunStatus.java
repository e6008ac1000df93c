package dev.votes.warehouse;

/**
 * The status of an ingest run in the ledger ({@code blog_analysis.ingestion_runs.status}). Java binds these values as
 * statement parameters; only runs with a {@link #committed()} status have data in the warehouse.
 */
public enum RunStatus {

    /** Opened, not finished: the run is loading, or its process died (the next ingest closes it as interrupted). */
    RUNNING("running"),
    /** Committed, every row valid. */
    SUCCEEDED("succeeded"),
    /** Committed, some rows quarantined. */
    SUCCEEDED_WITH_REJECTS("succeeded_with_rejects"),
    /** Rolled back on an error: nothing of the run was committed. */
    FAILED("failed"),
    /** Rolled back on SIGINT/SIGTERM, or its process died: nothing of the run was committed. */
    INTERRUPTED("interrupted");

    private final String value;

    RunStatus(String value) {
        this.value = value;
    }

    /** The text the ledger holds, e.g. {@code succeeded_with_rejects}. */
    public String value() {
        return value;
    }

    /** Whether a run with this status committed its data. */
    public boolean committed() {
        return this == SUCCEEDED || this == SUCCEEDED_WITH_REJECTS;
    }

    @Override
    public String toString() {
        return value;
    }
}
