package dev.votes.inspect;

import static dev.votes.warehouse.SqlStatement.constant;
import static dev.votes.warehouse.SqlStatement.param;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.votes.warehouse.RunStatus;
import dev.votes.warehouse.SqlStatement;

/**
 * The gateway to the data-quality checks' statements ({@code sql/checks/}), one query per check (two for
 * ledger-vs-votes, weekly-counts and outlier-view), each answer a record. {@link CheckService} grades the answers.
 */
final class Checks {

    /** Ids that occur more than once: how many, the extra rows they make, and the smallest (null when none). */
    record IdRepeats(long repeatedIds, long extraRows, Long firstId) {
    }

    /** The NULLs in each column a vote must have. */
    record NullCounts(long id, long postId, long voteTypeId, long creationDate, long ingestionRunId) {

        /** The counts by column name, in the table's order. */
        Map<String, Long> byColumn() {
            Map<String, Long> counts = new LinkedHashMap<>();
            counts.put("Id", id);
            counts.put("PostId", postId);
            counts.put("VoteTypeId", voteTypeId);
            counts.put("CreationDate", creationDate);
            counts.put("IngestionRunId", ingestionRunId);
            return counts;
        }
    }

    /**
     * Votes dated after now or before the floor, each with its smallest Id (null when none), and the range of all
     * dates ({@code yyyy-MM-dd HH:mm:ss}; null without votes).
     */
    record VoteDates(long future, Long firstFutureId, long tooEarly, Long firstTooEarlyId, String earliest,
                     String latest) {
    }

    /** A run and what is wrong with it. */
    record Offender(long runId, String problem) {
    }

    /** The rows the successful runs say they inserted, and the rows of the votes table. */
    record LedgerTotals(long ledgerRows, long votesRows) {
    }

    /** A row where the outlier view and its recomputation differ, and how. */
    record ViewDifference(int year, int weekNumber, long voteCount, String difference) {
    }

    /**
     * A week where the weekly counts table and a count of the votes differ: the table's count (null: the week is
     * missing from it) and the votes' (null: no vote is in the week).
     */
    record WeekDifference(int year, int weekNumber, Long voteCount, Long recounted) {
    }

    /** The weeks the weekly counts table holds, and their votes. */
    record WeekTotals(long weeks, long votes) {
    }

    private static final SqlStatement<Void> VOTE_IDS_UNIQUE = SqlStatement.of("checks/check_vote_ids_unique");
    private static final SqlStatement<Void> VOTES_REQUIRED_VALUES =
            SqlStatement.of("checks/check_votes_required_values");
    private static final SqlStatement<LocalDate> VOTE_DATES = SqlStatement.of("checks/check_vote_dates",
            param("earliest", LocalDate::toString));
    private static final SqlStatement<Void> LEDGER_ARITHMETIC = SqlStatement.of("checks/check_ledger_arithmetic",
            constant("succeeded", RunStatus.SUCCEEDED),
            constant("succeeded_with_rejects", RunStatus.SUCCEEDED_WITH_REJECTS));
    private static final SqlStatement<Void> LEDGER_TOTALS = SqlStatement.of("checks/check_ledger_totals",
            constant("succeeded", RunStatus.SUCCEEDED),
            constant("succeeded_with_rejects", RunStatus.SUCCEEDED_WITH_REJECTS));
    private static final SqlStatement<Void> LEDGER_AGAINST_VOTES = SqlStatement.of("checks/check_ledger_against_votes",
            constant("succeeded", RunStatus.SUCCEEDED),
            constant("succeeded_with_rejects", RunStatus.SUCCEEDED_WITH_REJECTS));
    private static final SqlStatement<Void> QUARANTINE_AGAINST_LEDGER =
            SqlStatement.of("checks/check_quarantine_against_ledger",
                    constant("succeeded", RunStatus.SUCCEEDED),
                    constant("succeeded_with_rejects", RunStatus.SUCCEEDED_WITH_REJECTS));
    private static final SqlStatement<Void> WEEKLY_VOTE_COUNTS = SqlStatement.of("checks/check_weekly_vote_counts");
    private static final SqlStatement<Void> COUNT_WEEKLY_VOTE_COUNTS =
            SqlStatement.of("checks/count_weekly_vote_counts");
    private static final SqlStatement<Void> OUTLIER_WEEKS_VIEW = SqlStatement.of("checks/check_outlier_weeks_view");
    private static final SqlStatement<Void> COUNT_OUTLIER_WEEKS = SqlStatement.of("checks/count_outlier_weeks");

    private final Connection connection;

    Checks(Connection connection) {
        this.connection = connection;
    }

    IdRepeats voteIdsUnique() throws SQLException {
        return VOTE_IDS_UNIQUE.queryOne(connection, null, row -> new IdRepeats(row.getLong("repeated_ids"),
                row.getLong("extra_rows"), row.nullableLong("first_id")));
    }

    NullCounts votesRequiredValues() throws SQLException {
        return VOTES_REQUIRED_VALUES.queryOne(connection, null, row -> new NullCounts(row.getLong("Id"),
                row.getLong("PostId"), row.getLong("VoteTypeId"), row.getLong("CreationDate"),
                row.getLong("IngestionRunId")));
    }

    /** The votes' dates against the floor {@code earliest} and now. */
    VoteDates voteDates(LocalDate earliest) throws SQLException {
        return VOTE_DATES.queryOne(connection, earliest, row -> new VoteDates(row.getLong("future"),
                row.nullableLong("first_future_id"), row.getLong("too_early"), row.nullableLong("first_too_early_id"),
                row.getString("earliest"), row.getString("latest")));
    }

    /** The successful runs whose counts do not reconcile, first run first. */
    List<Offender> ledgerArithmetic() throws SQLException {
        return LEDGER_ARITHMETIC.queryList(connection, null, Checks::offender);
    }

    LedgerTotals ledgerTotals() throws SQLException {
        return LEDGER_TOTALS.queryOne(connection, null,
                row -> new LedgerTotals(row.getLong("ledger_rows"), row.getLong("votes_rows")));
    }

    /** The runs where the votes table and the ledger disagree, first run first. */
    List<Offender> ledgerAgainstVotes() throws SQLException {
        return LEDGER_AGAINST_VOTES.queryList(connection, null, Checks::offender);
    }

    /** The runs where the quarantine and the ledger disagree, first run first. */
    List<Offender> quarantineAgainstLedger() throws SQLException {
        return QUARANTINE_AGAINST_LEDGER.queryList(connection, null, Checks::offender);
    }

    /** The weeks where the weekly counts table differs from a count of the votes, earliest first. */
    List<WeekDifference> weeklyVoteCounts() throws SQLException {
        return WEEKLY_VOTE_COUNTS.queryList(connection, null, row -> new WeekDifference(row.getInt("Year"),
                row.getInt("WeekNumber"), row.nullableLong("VoteCount"), row.nullableLong("recounted")));
    }

    /** The weeks and votes of the weekly counts table. */
    WeekTotals countWeeklyVoteCounts() throws SQLException {
        return COUNT_WEEKLY_VOTE_COUNTS.queryOne(connection, null,
                row -> new WeekTotals(row.getLong("weeks"), row.getLong("votes")));
    }

    /** Where the view blog_analysis.outlier_weeks differs from a recomputation, earliest first. */
    List<ViewDifference> outlierWeeksView() throws SQLException {
        return OUTLIER_WEEKS_VIEW.queryList(connection, null, row -> new ViewDifference(row.getInt("Year"),
                row.getInt("WeekNumber"), row.getLong("VoteCount"), row.getString("difference")));
    }

    /** How many rows the view blog_analysis.outlier_weeks has. */
    long countOutlierWeeks() throws SQLException {
        return COUNT_OUTLIER_WEEKS.queryLong(connection);
    }

    private static Offender offender(dev.votes.warehouse.ResultRow row) throws SQLException {
        return new Offender(row.getLong("run_id"), row.getString("problem"));
    }
}
