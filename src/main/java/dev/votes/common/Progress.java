package dev.votes.common;

/**
 * Where a service tells what it is doing (for {@code -v}). Services ask {@link #wanted()} before working out a line that
 * costs something (a query), so a quiet run does no extra work.
 */
@FunctionalInterface
public interface Progress {

    /** Says nothing, and wants nothing worked out. */
    Progress QUIET = line -> {
    };

    void line(String text);

    default boolean wanted() {
        return this != QUIET;
    }
}
