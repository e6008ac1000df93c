package dev.votes.failure;

/** The dataset could not be downloaded, verified or extracted; no output file was written. */
public final class FetchFailed extends VotesFailure {

    /** The message is {@code "fetch-data failed: " + why}. */
    public FetchFailed(String why) {
        super("fetch-data failed: " + why, null);
    }
}
