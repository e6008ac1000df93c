package dev.votes.failure;

/**
 * A failure the user can act on, thrown by the services: its message is the one line to show, its type says what kind
 * of failure it is. Nothing here knows of exit codes, HTTP statuses or options: the edges map the types (the CLI's
 * error handler to exit codes, {@code votes serve} to HTTP statuses; see ARCHITECTURE.md, "Errors and exit codes").
 */
public abstract sealed class VotesFailure extends RuntimeException
        permits BadInput, BadSetting, CommittedButUnfinished, FetchFailed, ListenFailed, NothingCommitted,
        StoppedBySignal, UnreadableLibrary, WarehouseBusy {

    protected VotesFailure(String message, Throwable cause) {
        super(message, cause);
    }
}
