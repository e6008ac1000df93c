package dev.votes.common;

/**
 * Every exit code the tool returns, in one place. The README's "Exit codes" table mirrors this class.
 */
public final class ExitCodes {

    /** Success: everything asked was done. */
    public static final int OK = 0;
    /** Failure: nothing was committed (missing input, database error). */
    public static final int FAILURE = 1;
    /** Usage error: the command line could not be understood (unknown option, bad value). */
    public static final int USAGE = 2;
    /** The run committed, but some input rows were rejected into {@code blog_analysis.rejected_votes}. */
    public static final int COMMITTED_WITH_REJECTS = 3;
    /** The warehouse is locked by another process (another ingest is running); nothing was done. */
    public static final int WAREHOUSE_BUSY = 4;
    /** {@code votes check} found at least one failing check. */
    public static final int CHECK_FAILED = 5;
    /** {@code votes fetch-data} could not download, verify or extract the dataset; no output file was written. */
    public static final int FETCH_FAILED = 6;
    /**
     * The run committed (its rows are in the warehouse), but a step after the commit did not finish: the checkpoint
     * that folds the write-ahead log into the warehouse file (e.g. the disk is full). The rows are safe in the log.
     */
    public static final int COMMITTED_NOT_CHECKPOINTED = 7;
    /** {@code votes serve} could not listen: the port is in use, or the address is not one of this machine's. */
    public static final int LISTEN_FAILED = 8;
    /** Interrupted by SIGINT (Ctrl-C): the run was rolled back and recorded as interrupted (128 + 2). */
    public static final int INTERRUPTED = 130;
    /** Terminated by SIGTERM: the run was rolled back and recorded as interrupted (128 + 15). */
    public static final int TERMINATED = 143;

    private ExitCodes() {
    }
}
