package dev.votes.outliers;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import dev.votes.common.Table;
import dev.votes.warehouse.SqlStatement;

/**
 * The gateway to the weeks ({@code sql/outlier_weeks/}): the view {@code blog_analysis.outlier_weeks}, created, tagged
 * with its definition's digest and read, and every week's count for the chart of {@code votes serve}. The week of a
 * vote ({@code week_keys.sql}) and the outlier test ({@code weekly_counts.sql}) are written once, as fragments the view,
 * the chart and the export include.
 */
public final class OutlierWeeks {

    /** An outlier week (the columns of {@link #table}). */
    public record Week(int year, int weekNumber, long voteCount) {

        /** The weeks as a table: {@code Year, WeekNumber, VoteCount}. */
        public static Table table(List<Week> weeks) {
            List<List<Object>> rows = new ArrayList<>(weeks.size());
            for (Week week : weeks) {
                rows.add(Arrays.asList(week.year, week.weekNumber, week.voteCount));
            }
            return new Table(List.of("Year", "WeekNumber", "VoteCount"), rows);
        }
    }

    /** A week that has votes, with the mean weekly count, the ±20 % band and the outlier test (the chart's data). */
    public record WeekCount(int year, int weekNumber, long voteCount, double mean, double lower, double upper,
                            boolean outlier) {

        /** The weeks as a table: {@code Year, WeekNumber, VoteCount, mean, lower, upper, outlier}. */
        public static Table table(List<WeekCount> weeks) {
            List<List<Object>> rows = new ArrayList<>(weeks.size());
            for (WeekCount week : weeks) {
                rows.add(Arrays.asList(week.year, week.weekNumber, week.voteCount, week.mean, week.lower, week.upper,
                        week.outlier));
            }
            return new Table(List.of("Year", "WeekNumber", "VoteCount", "mean", "lower", "upper", "outlier"), rows);
        }
    }

    private static final SqlStatement<Void> CREATE_VIEW = SqlStatement.of("outlier_weeks/create_outlier_weeks_view");
    private static final SqlStatement<Void> COMMENT_VIEW = SqlStatement.of("outlier_weeks/comment_outlier_weeks_view");
    private static final SqlStatement<Void> VIEW_COMMENT =
            SqlStatement.of("outlier_weeks/select_outlier_weeks_view_comment");
    private static final SqlStatement<Void> SELECT_VIEW = SqlStatement.of("outlier_weeks/select_outlier_weeks");
    private static final SqlStatement<Void> WEEKLY_COUNTS = SqlStatement.of("outlier_weeks/select_weekly_counts");

    private final Connection connection;

    public OutlierWeeks(Connection connection) {
        this.connection = connection;
    }

    /** The text the view is created from, fragments included: what its tag's digest is computed from. */
    static String viewDefinition() {
        return CREATE_VIEW.text();
    }

    /** The view's comment (its tag), if the view exists and has one. */
    Optional<String> viewComment() throws SQLException {
        return VIEW_COMMENT.queryFirst(connection, null, row -> row.getString("comment"));
    }

    /** Creates or replaces the view and tags it with its definition's digest; call in a transaction. */
    void createView(String definitionDigest) throws SQLException {
        CREATE_VIEW.execute(connection);
        COMMENT_VIEW.executeWithDigest(connection, definitionDigest);
    }

    /** The view's rows, earliest week first. */
    List<Week> selectOutlierWeeks() throws SQLException {
        return SELECT_VIEW.queryList(connection, null,
                row -> new Week(row.getInt("Year"), row.getInt("WeekNumber"), row.getLong("VoteCount")));
    }

    /** Every week that has votes, earliest first, with the mean, the band and the outlier test. */
    public List<WeekCount> selectWeeklyCounts() throws SQLException {
        return WEEKLY_COUNTS.queryList(connection, null, row -> new WeekCount(row.getInt("Year"),
                row.getInt("WeekNumber"), row.getLong("VoteCount"), row.getDouble("mean"), row.getDouble("lower"),
                row.getDouble("upper"), row.getBoolean("outlier")));
    }
}
