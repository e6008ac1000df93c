package dev.votes.inspect;

/** The result of one data-quality check, from best to worst: a report is as bad as its worst check. */
public enum Grade {
    /** Nothing wrong. */
    PASS,
    /** Worth a look, but the data is sound (rejected lines, unfinished runs, a missing view). */
    WARN,
    /** The warehouse contradicts itself or holds impossible data. */
    FAIL
}
