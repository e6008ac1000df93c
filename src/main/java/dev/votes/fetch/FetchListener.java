package dev.votes.fetch;

/** What a fetch reports while it runs: detail lines (for {@code -v}) and download progress (for a terminal). */
public interface FetchListener {

    /** One line of detail: an attempt, a retry, a resume. */
    void detail(String line);

    /** Bytes of the archive on disk so far, and the expected total ({@code -1} when the server did not say). */
    void progress(long bytes, long total);

    /** A listener that ignores everything. */
    static FetchListener silent() {
        return new FetchListener() {
            @Override
            public void detail(String line) {
            }

            @Override
            public void progress(long bytes, long total) {
            }
        };
    }
}
