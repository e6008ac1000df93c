package dev.votes.failure;

/** {@code votes serve} could not listen on {@link #address}: the port is in use, the address is not this machine's. */
public final class ListenFailed extends VotesFailure {

    private final String address;

    /** {@code address} as {@code host:port}; {@code why} says what to do. */
    public ListenFailed(String address, String why, Throwable cause) {
        super("cannot listen on " + address + ": " + why, cause);
        this.address = address;
    }

    public String address() {
        return address;
    }
}
