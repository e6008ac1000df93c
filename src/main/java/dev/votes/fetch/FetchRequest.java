package dev.votes.fetch;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * One fetch: where from, where to, what to check, and how hard to try.
 *
 * @param url          the dataset's address (http or https)
 * @param sha256       the archive's expected SHA-256 in hex, or {@code null} for no check
 * @param out          the output file
 * @param attempts     how many requests at most (the first one plus the retries)
 * @param timeout      connect timeout, time to the response headers, and the longest wait for body bytes
 * @param maxBytes     the largest download and the largest decompressed content accepted
 * @param backoffBase  the first retry's delay; it doubles with each retry (with jitter)
 * @param retryBudget  no retry is started once it would begin later than this after the start
 * @param authorities  the certificates to trust for https instead of the system's ({@code --ca-cert}); empty for the
 *                     system's
 */
public record FetchRequest(URI url, String sha256, Path out, int attempts, Duration timeout, long maxBytes,
                           Duration backoffBase, Duration retryBudget, List<X509Certificate> authorities) {

    public FetchRequest {
        authorities = List.copyOf(authorities);
    }

    /** {@code text} as an http or https URL with a host; otherwise an exception saying what to give. */
    public static URI httpUrl(String text) {
        try {
            URI uri = new URI(text);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if ((scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null) {
                return uri;
            }
        } catch (URISyntaxException e) {
            // refused below
        }
        throw new IllegalArgumentException("'" + text + "' (give an http or https URL, e.g. "
                + DatasetFetcher.EXERCISE_DATA_URL + ")");
    }
}
