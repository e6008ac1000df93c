package dev.votes.failure;

/**
 * Work committed in steps stopped part-way ({@code votes ingest --commit-every}): the steps before the one that failed
 * are committed and stay so, that step was rolled back, and the steps after it were not started. Running the same
 * command again resumes after the committed steps. {@link #signal()} is the stop signal that ended it, or null when an
 * error did. Never reported as "nothing was committed". The message is {@code committed + "; " + unfinished}.
 */
public class PartlyCommitted extends CommittedButUnfinished {

    private final StopSignal signal;

    /**
     * {@code committed}: the one line of the committed steps; {@code unfinished}: which step did not commit, why, and
     * how to resume; {@code signal}: the stop signal that ended the work, or null.
     */
    public PartlyCommitted(String committed, String unfinished, StopSignal signal, Throwable cause) {
        super(committed, unfinished, committed + "; " + unfinished, cause);
        this.signal = signal;
    }

    /** The stop signal (SIGINT, SIGTERM) that ended the work, or null when a failure did. */
    public StopSignal signal() {
        return signal;
    }
}
