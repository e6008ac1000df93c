package dev.votes.common;

/**
 * Every exit code the tool returns, in one place. The README's "Exit codes" table mirrors this class.
 */
public final class ExitCodes {

    /** Success: everything asked was done. */
    public static final int OK = 0;
    /** Failure: nothing was committed (missing input, database error, interrupted run). */
    public static final int FAILURE = 1;
    /** Usage error: the command line could not be understood (unknown option, bad value). */
    public static final int USAGE = 2;
    /** The run committed, but some input rows were rejected into {@code blog_analysis.rejected_votes}. */
    public static final int COMMITTED_WITH_REJECTS = 3;

    private ExitCodes() {
    }
}
