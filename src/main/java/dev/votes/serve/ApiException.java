package dev.votes.serve;

/**
 * An API failure with its HTTP status; answered as {@code {"status": N, "error": "one line"}}. The line is for the
 * client: it never carries a server path (see {@link PublicText}). What the server's operator needs besides (the
 * lock holder's command line, full paths) is {@code logged}: written to the server's log, not to the client.
 */
public class ApiException extends RuntimeException {

    private final int status;
    private final String logged;

    public ApiException(int status, String message) {
        this(status, message, null);
    }

    public ApiException(int status, String message, String logged) {
        super(message);
        this.status = status;
        this.logged = logged;
    }

    public int status() {
        return status;
    }

    /** The line for the server's log, or null when there is nothing to log. */
    public String logged() {
        return logged;
    }
}
