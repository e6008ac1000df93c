package dev.votes.ingest;

import dev.votes.failure.PartlyCommitted;
import dev.votes.failure.StopSignal;

/**
 * A run committed in steps ({@code --commit-every}) stopped part-way: the steps in {@link #summary()} are committed,
 * the next one failed or was stopped by a signal and rolled back, the rest never started. Carries the committed steps'
 * summary, so that a caller can print it as it prints a finished run's.
 */
public final class PartlyCommittedException extends PartlyCommitted {

    private final transient IngestSummary summary;

    PartlyCommittedException(IngestSummary summary, String unfinished, StopSignal signal, Throwable cause) {
        super(summary.line(), unfinished, signal, cause);
        this.summary = summary;
    }

    /** The committed steps' summary: its {@code steps} name each step's run. */
    public IngestSummary summary() {
        return summary;
    }
}
