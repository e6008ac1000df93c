package dev.votes.outliers;

import java.sql.Connection;
import java.sql.SQLException;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import dev.votes.common.ErrorHandler;
import dev.votes.common.ExitCodes;
import dev.votes.common.Progress;
import dev.votes.common.Table;
import dev.votes.common.VotesException;
import dev.votes.warehouse.Sql;
import dev.votes.warehouse.Warehouse;
import dev.votes.warehouse.WarehouseFile;

/** (Re)creates the view {@code blog_analysis.outlier_weeks} and reads it back; all calculation lives in the view. */
@Singleton
public class OutlierService {

    private final Warehouse warehouse;

    @Inject
    public OutlierService(Warehouse warehouse) {
        this.warehouse = warehouse;
    }

    /**
     * Recreates the view in an existing warehouse and returns its rows, earliest week first.
     *
     * @param progress receives human-readable progress lines (for {@code --verbose})
     */
    public Table outlierWeeks(WarehouseFile database, Progress progress) {
        try (Connection connection = warehouse.openExisting(database)) {
            if (progress.wanted()) {
                progress.line(warehouse.describeSettings(connection));
            }
            if (!warehouse.hasVotesTable(connection)) {
                throw new VotesException(ExitCodes.FAILURE, "warehouse " + database
                        + " has no blog_analysis.votes table: run 'votes ingest FILE' first");
            }
            Sql.execute(connection, "create_outlier_weeks_view");
            return Sql.queryTable(connection, "select_outlier_weeks");
        } catch (SQLException e) {
            throw new VotesException(ExitCodes.FAILURE, "outliers failed: " + ErrorHandler.firstLine(e.getMessage()), e);
        }
    }
}
