package dev.votes.warehouse;

import static dev.votes.warehouse.SqlStatement.param;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import dev.votes.common.Table;

/**
 * The gateway to the quarantine, {@code blog_analysis.rejected_votes} ({@code sql/quarantine/}): a run's rejected lines
 * moved in from staging, and the quarantined lines read back, one by one or counted by reason.
 */
public final class Quarantine {

    /** A quarantined line as {@code votes rejects} and {@code GET /api/rejects} show it (the columns of {@link #table}). */
    public record Line(long runId, String sourceFile, long lineNumber, String reason, String raw) {

        /** The lines as a table: {@code run_id, source_file, line_number, reason, raw}. */
        public static Table table(List<Line> lines) {
            List<List<Object>> rows = new ArrayList<>(lines.size());
            for (Line line : lines) {
                rows.add(Arrays.asList(line.runId, line.sourceFile, line.lineNumber, line.reason, line.raw));
            }
            return new Table(List.of("run_id", "source_file", "line_number", "reason", "raw"), rows);
        }
    }

    /** How many lines of a run were quarantined for one kind of reason (the columns of {@link #table}). */
    public record ReasonCount(long runId, String reason, long lines) {

        /** The counts as a table: {@code run_id, reason, lines}. */
        public static Table table(List<ReasonCount> counts) {
            List<List<Object>> rows = new ArrayList<>(counts.size());
            for (ReasonCount count : counts) {
                rows.add(Arrays.asList(count.runId, count.reason, count.lines));
            }
            return new Table(List.of("run_id", "reason", "lines"), rows);
        }
    }

    /** A kind of reason with its lines over every run. */
    public record TopReason(String reason, long lines) {
    }

    private record Page(Long runId, long limit) {
    }

    private static final SqlStatement<Long> INSERT_REJECTED = SqlStatement.of("quarantine/insert_rejected_votes",
            param("run_id", runId -> runId));
    private static final SqlStatement<Long> COUNT_LINES = SqlStatement.of("quarantine/count_rejected_votes",
            param("run_id", runId -> runId));
    private static final SqlStatement<Page> LIST_LINES = SqlStatement.of("quarantine/select_rejected_votes",
            param("run_id", Page::runId),
            param("limit", Page::limit));
    private static final SqlStatement<Long> COUNT_BY_REASON = SqlStatement.of("quarantine/select_reject_reasons",
            param("run_id", runId -> runId));
    private static final SqlStatement<Integer> TOP_REASONS = SqlStatement.of("quarantine/select_top_reject_reasons",
            param("limit", limit -> limit));

    private final Connection connection;

    public Quarantine(Connection connection) {
        this.connection = connection;
    }

    /** Quarantines the staged run's rejected lines with their line numbers, under its id; in the load transaction. */
    public void insertRejectedVotes(long runId) throws SQLException {
        INSERT_REJECTED.execute(connection, runId);
    }

    /** How many lines are quarantined: of one run, or of every run when {@code runId} is null. */
    public long countLines(Long runId) throws SQLException {
        return COUNT_LINES.queryLong(connection, runId);
    }

    /** Quarantined lines of one run (every run when null), newest run first, then by file and line; at most limit. */
    public List<Line> listLines(Long runId, long limit) throws SQLException {
        return LIST_LINES.queryList(connection, new Page(runId, limit), row -> new Line(row.getLong("run_id"),
                row.getString("source_file"), row.getLong("line_number"), row.getString("reason"),
                row.getString("raw")));
    }

    /** The lines counted per run and kind of reason (the reason without its value), of one run or every run. */
    public List<ReasonCount> countByReason(Long runId) throws SQLException {
        return COUNT_BY_REASON.queryList(connection, runId,
                row -> new ReasonCount(row.getLong("run_id"), row.getString("reason"), row.getLong("lines")));
    }

    /** The most frequent kinds of reason over every run, at most {@code limit}, with their lines. */
    public List<TopReason> topReasons(int limit) throws SQLException {
        return TOP_REASONS.queryList(connection, limit,
                row -> new TopReason(row.getString("reason"), row.getLong("lines")));
    }
}
