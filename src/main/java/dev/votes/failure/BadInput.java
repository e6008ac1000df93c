package dev.votes.failure;

/**
 * What the user gave cannot be used: an input file or directory that is missing or unreadable, a warehouse path that is
 * no warehouse, a target that may not be written over. Nothing was changed.
 */
public final class BadInput extends VotesFailure {

    public BadInput(String message) {
        super(message, null);
    }

    public BadInput(String message, Throwable cause) {
        super(message, cause);
    }
}
