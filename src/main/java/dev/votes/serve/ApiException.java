package dev.votes.serve;

/** An API failure with its HTTP status; answered as {@code {"status": N, "error": "one line"}}. */
public class ApiException extends RuntimeException {

    private final int status;

    public ApiException(int status, String message) {
        super(message);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
