package dev.votes.failure;

/**
 * The work failed (a database error, a file that could not be written) and left nothing changed: no run committed, no
 * output published.
 */
public final class NothingCommitted extends VotesFailure {

    public NothingCommitted(String message) {
        super(message, null);
    }

    public NothingCommitted(String message, Throwable cause) {
        super(message, cause);
    }
}
