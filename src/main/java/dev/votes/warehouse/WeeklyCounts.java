package dev.votes.warehouse;

import static dev.votes.warehouse.SqlStatement.param;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * The gateway to the weekly vote counts, {@code blog_analysis.weekly_vote_counts} ({@code sql/weekly_counts/}), which
 * the view {@code outlier_weeks} reads: an ingest run's votes added inside its transaction, and the table compared with
 * and rebuilt from a recount of the votes ({@code votes recount}, the schema set-up of an older warehouse).
 */
public final class WeeklyCounts {

    /**
     * A week where the table and a recount of the votes differ.
     *
     * @param voteCount the table's count, null when the table lacks the week
     * @param recounted the votes' count, null when no vote is in the week
     */
    public record Change(int year, int weekNumber, Long voteCount, Long recounted) {

        /** A week the recount has and the table lacks. */
        public boolean added() {
            return voteCount == null;
        }

        /** A week the table has and the recount lacks. */
        public boolean removed() {
            return recounted == null;
        }
    }

    /** The weeks the table holds, and their votes. */
    public record Totals(long weeks, long votes) {
    }

    private static final SqlStatement<Long> ADD_VOTES_OF_RUN = SqlStatement.of("weekly_counts/add_votes_of_run",
            param("run_id", runId -> runId));
    private static final SqlStatement<Void> RECOUNT_CHANGES = SqlStatement.of("weekly_counts/select_recount_changes");
    private static final SqlStatement<Void> DELETE_ALL = SqlStatement.of("weekly_counts/delete_weekly_vote_counts");
    private static final SqlStatement<Void> INSERT_RECOUNT = SqlStatement.of("weekly_counts/insert_recounted_weeks");
    private static final SqlStatement<Void> TOTALS = SqlStatement.of("weekly_counts/count_weekly_vote_counts");

    private final Connection connection;

    public WeeklyCounts(Connection connection) {
        this.connection = connection;
    }

    /** Adds the votes the run inserted (by their lineage, {@code IngestionRunId}) to their weeks' counts. */
    public void addVotesOfRun(long runId) throws SQLException {
        ADD_VOTES_OF_RUN.execute(connection, runId);
    }

    /** The weeks where the table differs from a recount of the votes, earliest first; empty when it is exact. */
    public List<Change> recountChanges() throws SQLException {
        return RECOUNT_CHANGES.queryList(connection, null, row -> new Change(row.getInt("Year"),
                row.getInt("WeekNumber"), row.nullableLong("VoteCount"), row.nullableLong("recounted")));
    }

    /** Replaces every row of the table with a recount of the votes; call in a transaction. */
    public void replaceWithRecount() throws SQLException {
        DELETE_ALL.execute(connection);
        fillWithRecount();
    }

    /** The weeks the table holds, and their votes. */
    public Totals totals() throws SQLException {
        return TOTALS.queryOne(connection, null, row -> new Totals(row.getLong("weeks"), row.getLong("votes")));
    }

    /** Fills the empty table (just created) with a recount of the votes. */
    void fillWithRecount() throws SQLException {
        INSERT_RECOUNT.execute(connection);
    }
}
