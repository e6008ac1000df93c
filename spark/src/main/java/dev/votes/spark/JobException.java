package dev.votes.spark;

/** A failure with its exit code and a one-line message for stderr. */
final class JobException extends RuntimeException {
    final int exitCode;

    JobException(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }
}
