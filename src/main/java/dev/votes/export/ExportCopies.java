package dev.votes.export;

import static dev.votes.warehouse.SqlStatement.param;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;

import dev.votes.warehouse.SqlStatement;

/**
 * The gateway to the export's statements ({@code sql/export/}): the rows staged in the order they are written, then
 * one {@code COPY ... TO} per file or tree of files, each given the path it writes.
 */
final class ExportCopies {

    private static final SqlStatement<Void> STAGE_BY_YEAR = SqlStatement.of("export/create_export_votes_by_year");
    private static final SqlStatement<Void> STAGE_BY_YEAR_WEEK =
            SqlStatement.of("export/create_export_votes_by_year_week");
    private static final SqlStatement<Path> COPY_WEEKLY_COUNTS = SqlStatement.of("export/copy_export_weekly_counts",
            param("path", Path::toString));
    private static final SqlStatement<Path> COPY_OUTLIER_WEEKS = SqlStatement.of("export/copy_export_outlier_weeks",
            param("path", Path::toString));
    private static final SqlStatement<Path> COPY_VOTES_BY_YEAR = SqlStatement.of("export/copy_export_votes_by_year",
            param("path", Path::toString));
    private static final SqlStatement<Path> COPY_VOTES_BY_YEAR_WEEK =
            SqlStatement.of("export/copy_export_votes_by_year_week", param("path", Path::toString));
    private static final SqlStatement<Void> SET_SINGLE_THREAD = SqlStatement.of("export/set_single_thread");
    private static final SqlStatement<Void> RESET_THREADS = SqlStatement.of("export/reset_threads");

    private final Connection connection;

    ExportCopies(Connection connection) {
        this.connection = connection;
    }

    /** Stages the votes with their week keys, sorted as the partitioning writes them; returns the rows. */
    long createExportVotes(Partitioning partitioning) throws SQLException {
        return (partitioning == Partitioning.YEAR_WEEK ? STAGE_BY_YEAR_WEEK : STAGE_BY_YEAR).execute(connection);
    }

    /** Writes every week of the staged votes with its count as one Parquet file; returns the weeks. */
    long copyWeeklyCounts(Path file) throws SQLException {
        return COPY_WEEKLY_COUNTS.execute(connection, file);
    }

    /** Writes the outlier weeks (the view's query, from the votes table) as one Parquet file; returns the weeks. */
    long copyOutlierWeeks(Path file) throws SQLException {
        return COPY_OUTLIER_WEEKS.execute(connection, file);
    }

    /**
     * Writes the staged votes as hive-partitioned Parquet under {@code directory}, on one thread so that files and
     * their order are stable; returns the rows written.
     */
    long copyVotes(Partitioning partitioning, Path directory) throws SQLException {
        SET_SINGLE_THREAD.execute(connection);
        long written = (partitioning == Partitioning.YEAR_WEEK ? COPY_VOTES_BY_YEAR_WEEK : COPY_VOTES_BY_YEAR)
                .execute(connection, directory);
        RESET_THREADS.execute(connection);
        return written;
    }
}
