package dev.votes.failure;

/** A signal the tool stops its work on, with its POSIX name and number. */
public enum StopSignal {
    SIGINT("INT", 2),
    SIGTERM("TERM", 15);

    private final String signalName;
    private final int number;

    StopSignal(String signalName, int number) {
        this.signalName = signalName;
        this.number = number;
    }

    /** The name without "SIG", as {@code sun.misc.Signal} takes it: {@code INT}. */
    public String signalName() {
        return signalName;
    }

    public int number() {
        return number;
    }
}
