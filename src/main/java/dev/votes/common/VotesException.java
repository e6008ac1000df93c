package dev.votes.common;

/**
 * A failure the user can act on: its message is the one line printed on stderr, its exit code is what the process returns.
 */
public class VotesException extends RuntimeException {

    private final int exitCode;

    public VotesException(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    public VotesException(int exitCode, String message, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }
}
