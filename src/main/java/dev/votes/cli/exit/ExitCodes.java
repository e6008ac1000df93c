package dev.votes.cli.exit;

import dev.votes.failure.BadInput;
import dev.votes.failure.BadSetting;
import dev.votes.failure.CommittedButUnfinished;
import dev.votes.failure.FetchFailed;
import dev.votes.failure.ListenFailed;
import dev.votes.failure.NothingCommitted;
import dev.votes.failure.PartlyCommitted;
import dev.votes.failure.StopSignal;
import dev.votes.failure.StoppedBySignal;
import dev.votes.failure.UnreadableLibrary;
import dev.votes.failure.VotesFailure;
import dev.votes.failure.WarehouseBusy;

/**
 * Every exit code the tool returns, in one place, and the one mapping from failure types to them ({@link #of}). Owned by
 * the edges: the CLI's error handler uses it, and {@code votes serve} for its answers' {@code exit_code} and the code it
 * exits with after a stop signal. The README's "Exit codes" table mirrors this class.
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
    /**
     * {@code ingest --commit-every}: a step failed after earlier steps committed. Those steps' rows are in the warehouse,
     * the failed step was rolled back, the later ones never started; the same command run again resumes.
     */
    public static final int PARTLY_COMMITTED = 9;
    /** Interrupted by SIGINT (Ctrl-C): the run was rolled back and recorded as interrupted (128 + 2). */
    public static final int INTERRUPTED = 130;
    /** Terminated by SIGTERM: the run was rolled back and recorded as interrupted (128 + 15). */
    public static final int TERMINATED = 143;

    private ExitCodes() {
    }

    /** The exit code that reports a failure of this type (a switch over the sealed types: a new one must be mapped). */
    public static int of(VotesFailure failure) {
        return switch (failure) {
            case BadInput ignored -> FAILURE;
            case NothingCommitted ignored -> FAILURE;
            case UnreadableLibrary ignored -> FAILURE;
            case BadSetting ignored -> USAGE;
            case WarehouseBusy ignored -> WAREHOUSE_BUSY;
            case FetchFailed ignored -> FETCH_FAILED;
            // A stop signal keeps its own code when steps before it committed: the line says which did.
            case PartlyCommitted partly -> partly.signal() != null ? of(partly.signal()) : PARTLY_COMMITTED;
            case CommittedButUnfinished ignored -> COMMITTED_NOT_CHECKPOINTED;
            case ListenFailed ignored -> LISTEN_FAILED;
            case StoppedBySignal stopped -> of(stopped.signal());
        };
    }

    /** The exit code of a process stopped by the signal: 128 + its number, as a shell reports it. */
    public static int of(StopSignal signal) {
        return switch (signal) {
            case SIGINT -> INTERRUPTED;
            case SIGTERM -> TERMINATED;
        };
    }

    /** The exit code of a run that committed: {@link #COMMITTED_WITH_REJECTS} when it rejected rows, else {@link #OK}. */
    public static int committed(long rowsRejected) {
        return rowsRejected > 0 ? COMMITTED_WITH_REJECTS : OK;
    }
}
