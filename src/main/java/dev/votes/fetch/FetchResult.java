package dev.votes.fetch;

import java.net.URI;
import java.nio.file.Path;

/**
 * What a successful fetch did.
 *
 * @param out            the output file, now in place
 * @param bytes          its size
 * @param sha256         its SHA-256
 * @param member         the archive member it came from, or the format's name for a bare file
 * @param url            where it came from
 * @param archiveBytes   the size of the downloaded archive
 * @param archiveSha256  the archive's SHA-256 (what {@code --sha256} checks)
 * @param attempts       how many requests it took
 * @param seconds        the wall time
 */
public record FetchResult(Path out, long bytes, String sha256, String member, URI url, long archiveBytes,
                          String archiveSha256, int attempts, double seconds) {
}
