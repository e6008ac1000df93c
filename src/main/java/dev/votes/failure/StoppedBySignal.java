package dev.votes.failure;

/** A stop signal (Ctrl-C, SIGTERM) cancelled the work: it was rolled back, nothing was committed. */
public final class StoppedBySignal extends VotesFailure {

    private final StopSignal signal;

    public StoppedBySignal(StopSignal signal, String message, Throwable cause) {
        super(message, cause);
        this.signal = signal;
    }

    public StopSignal signal() {
        return signal;
    }
}
