package dev.votes.warehouse;

import static dev.votes.warehouse.SqlStatement.constant;
import static dev.votes.warehouse.SqlStatement.param;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import dev.votes.common.Table;
import dev.votes.common.TableWriter;
import dev.votes.common.Version;

/**
 * The gateway to the run ledger, {@code blog_analysis.ingestion_runs} ({@code sql/run_ledger/}): a run's row opened,
 * finished or closed as failed, runs a dead process left running, and the ledger read back.
 */
public final class RunLedger {

    /** What a run that committed did: the counts its ledger row is finished with. */
    public interface Outcome {
        long runId();

        RunStatus status();

        long rowsRead();

        long rowsInserted();

        long duplicatesSkipped();

        long rowsRejected();

        List<String> filesSkipped();

        /** Each ignored field and how many records had it. */
        Map<String, Long> unknownFields();
    }

    /** A run's ledger row as {@code votes runs} and {@code GET /api/runs} show it (the columns of {@link #table}). */
    public record Run(long runId, String status, String startedAt, Double seconds, List<String> files, Long rowsRead,
                      Long rowsInserted, Long duplicatesSkipped, Long rowsRejected, String error) {

        /**
         * The runs as a table: {@code run_id, status, started_at} (UTC), {@code seconds} (null while unfinished),
         * {@code files} (a list), the four counts (null unless the run finished) and {@code error}.
         */
        public static Table table(List<Run> runs) {
            List<List<Object>> rows = new ArrayList<>(runs.size());
            for (Run run : runs) {
                rows.add(Arrays.asList(run.runId, run.status, run.startedAt, run.seconds, run.files, run.rowsRead,
                        run.rowsInserted, run.duplicatesSkipped, run.rowsRejected, run.error));
            }
            return new Table(List.of("run_id", "status", "started_at", "seconds", "files", "rows_read", "rows_inserted",
                    "duplicates_skipped", "rows_rejected", "error"), rows);
        }
    }

    /**
     * A run that did not succeed.
     *
     * @param status as the ledger has it: {@code running}, {@code failed} or {@code interrupted}
     */
    public record UnfinishedRun(long runId, String status) {
    }

    private record Finishing(Outcome outcome, String finishedAt) {
    }

    private record Closing(long runId, RunStatus status, String error) {
    }

    private static final SqlStatement<List<String>> OPEN = SqlStatement.of("run_ledger/insert_ingestion_run",
            param("files", files -> files),
            param("tool_version", files -> Version.current()),
            constant("status", RunStatus.RUNNING));
    private static final SqlStatement<Finishing> FINISH = SqlStatement.of("run_ledger/finish_ingestion_run",
            param("run_id", finishing -> finishing.outcome().runId()),
            param("finished_at", Finishing::finishedAt),
            param("status", finishing -> finishing.outcome().status()),
            param("rows_read", finishing -> finishing.outcome().rowsRead()),
            param("rows_inserted", finishing -> finishing.outcome().rowsInserted()),
            param("duplicates_skipped", finishing -> finishing.outcome().duplicatesSkipped()),
            param("rows_rejected", finishing -> finishing.outcome().rowsRejected()),
            param("files_skipped", finishing -> finishing.outcome().filesSkipped()),
            param("unknown_fields", finishing -> finishing.outcome().unknownFields().isEmpty() ? null
                    : TableWriter.compactJson(finishing.outcome().unknownFields())));
    private static final SqlStatement<Closing> CLOSE_FAILED = SqlStatement.of("run_ledger/fail_ingestion_run",
            param("run_id", Closing::runId),
            param("status", Closing::status),
            param("error", Closing::error));
    private static final SqlStatement<Void> CLOSE_ABANDONED = SqlStatement.of("run_ledger/mark_abandoned_runs",
            constant("running", RunStatus.RUNNING),
            constant("interrupted", RunStatus.INTERRUPTED));
    private static final SqlStatement<Void> COUNT_RUNS = SqlStatement.of("run_ledger/count_ingestion_runs");
    private static final SqlStatement<Long> COUNT_RUN = SqlStatement.of("run_ledger/count_ingestion_run",
            param("run_id", runId -> runId));
    private static final SqlStatement<Long> LIST_RUNS = SqlStatement.of("run_ledger/select_ingestion_runs",
            param("limit", limit -> limit));
    private static final SqlStatement<Void> LIST_UNFINISHED = SqlStatement.of("run_ledger/select_unfinished_runs",
            constant("succeeded", RunStatus.SUCCEEDED),
            constant("succeeded_with_rejects", RunStatus.SUCCEEDED_WITH_REJECTS));

    private final Connection connection;

    public RunLedger(Connection connection) {
        this.connection = connection;
    }

    /** Opens the row of a new run over these files, {@code running}; returns its id. */
    public long openRun(List<String> files) throws SQLException {
        return OPEN.queryLong(connection, files);
    }

    /** Finishes a run's row with its outcome, at {@code finishedAt} (UTC clock time, ISO); in the load transaction. */
    public void finishRun(Outcome outcome, String finishedAt) throws SQLException {
        FINISH.execute(connection, new Finishing(outcome, finishedAt));
    }

    /** Closes the row of a run whose load rolled back: {@code failed} or {@code interrupted}, and why. */
    public void closeFailedRun(long runId, RunStatus status, String error) throws SQLException {
        if (status.committed() || status == RunStatus.RUNNING) {
            throw new IllegalArgumentException("a run that rolled back is failed or interrupted, not " + status);
        }
        CLOSE_FAILED.execute(connection, new Closing(runId, status, error));
    }

    /** Closes the rows a dead process left {@code running} as {@code interrupted}; returns how many. */
    public long closeAbandonedRuns() throws SQLException {
        return CLOSE_ABANDONED.execute(connection);
    }

    /** How many runs the ledger holds. */
    public long countRuns() throws SQLException {
        return COUNT_RUNS.queryLong(connection);
    }

    /** Whether the ledger has this run. */
    public boolean hasRun(long runId) throws SQLException {
        return COUNT_RUN.queryLong(connection, runId) > 0;
    }

    /** The ledger, newest run first, at most {@code limit} runs. */
    public List<Run> listRuns(long limit) throws SQLException {
        return LIST_RUNS.queryList(connection, limit, row -> new Run(row.getLong("run_id"), row.getString("status"),
                row.getString("started_at"), row.nullableDouble("seconds"), row.stringList("files"),
                row.nullableLong("rows_read"), row.nullableLong("rows_inserted"),
                row.nullableLong("duplicates_skipped"), row.nullableLong("rows_rejected"), row.getString("error")));
    }

    /** The runs that did not succeed, first run first. */
    public List<UnfinishedRun> listUnfinishedRuns() throws SQLException {
        return LIST_UNFINISHED.queryList(connection, null,
                row -> new UnfinishedRun(row.getLong("run_id"), row.getString("status")));
    }
}
