package dev.votes.failure;

/**
 * The work committed, but a step after the commit did not finish (the checkpoint, when the disk is full): what was
 * committed is safe (in DuckDB's write-ahead log, which the next open of the warehouse folds in). A caller never
 * reports it as a failure with nothing committed. The message is {@code committed + "; the run is committed, but " +
 * unfinished}, or a subtype's own ({@link PartlyCommitted}).
 */
public non-sealed class CommittedButUnfinished extends VotesFailure {

    private final String committed;
    private final String unfinished;

    /** {@code committed}: the one line of what was committed; {@code unfinished}: what did not finish, and why. */
    public CommittedButUnfinished(String committed, String unfinished, Throwable cause) {
        this(committed, unfinished, committed + "; the run is committed, but " + unfinished, cause);
    }

    /** For a subtype that words the whole line itself; {@code message} must say what was committed. */
    protected CommittedButUnfinished(String committed, String unfinished, String message, Throwable cause) {
        super(message, cause);
        this.committed = committed;
        this.unfinished = unfinished;
    }

    /** The one line of what was committed. */
    public String committed() {
        return committed;
    }

    /** What did not finish after the commit, and why. */
    public String unfinished() {
        return unfinished;
    }
}
