package dev.votes.fetch;

import java.io.IOException;

/** Writing the extracted file failed (disk full, permissions): the archive is not to blame. */
final class LocalWriteException extends IOException {

    LocalWriteException(IOException cause) {
        super(cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage(), cause);
    }
}
