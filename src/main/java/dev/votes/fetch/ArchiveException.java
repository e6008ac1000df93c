package dev.votes.fetch;

import java.io.IOException;

/**
 * The downloaded file is not what it should be: corrupt, truncated, unsafe or without the dataset. The message reads
 * after "the archive from URL ..."; the advice says what to do.
 */
final class ArchiveException extends IOException {

    static final String DOWNLOAD_AGAIN = "run fetch-data again; if it persists, the file on the server is damaged";
    static final String CHECK_SOURCE = "refusing to use it; check that --url points to the votes dataset";

    private final String advice;

    ArchiveException(String message, String advice) {
        super(message);
        this.advice = advice;
    }

    String advice() {
        return advice;
    }
}
