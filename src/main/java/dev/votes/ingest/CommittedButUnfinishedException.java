package dev.votes.ingest;

import dev.votes.failure.CommittedButUnfinished;

/**
 * An ingest run committed, but what comes after the commit did not finish (the checkpoint, when the disk is full): its
 * rows and its ledger row are in the warehouse (in DuckDB's write-ahead log, which the next open of the warehouse folds
 * in). Carries the committed run's summary, so that a caller never reports it as a failure with nothing committed.
 */
public final class CommittedButUnfinishedException extends CommittedButUnfinished {

    private final transient IngestSummary summary;

    CommittedButUnfinishedException(IngestSummary summary, String unfinished, Throwable cause) {
        super(summary.line(), unfinished, cause);
        this.summary = summary;
    }

    public IngestSummary summary() {
        return summary;
    }
}
