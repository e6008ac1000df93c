package dev.votes.failure;

/** DuckDB's native library could not be unpacked or loaded (no writable cache directory, a damaged file). */
public final class UnreadableLibrary extends VotesFailure {

    public UnreadableLibrary(String message) {
        super(message, null);
    }

    public UnreadableLibrary(String message, Throwable cause) {
        super(message, cause);
    }
}
