package dev.votes.outliers;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import dev.votes.common.Progress;
import dev.votes.common.Table;
import dev.votes.common.Text;
import dev.votes.failure.BadInput;
import dev.votes.failure.NothingCommitted;
import dev.votes.warehouse.Catalog;
import dev.votes.warehouse.SqlStatement;
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
     * The view's definition as a digest: the tag its comment carries once created from this tool's definition. Hex
     * digits only.
     */
    static final String DEFINITION = SqlStatement.digest(List.of(OutlierWeeks.viewDefinition()));

    /**
     * (Re)creates the view in an existing warehouse unless it already is this definition, and returns its rows,
     * earliest week first.
     *
     * @param progress receives human-readable progress lines (for {@code --verbose})
     */
    public Table outlierWeeks(WarehouseFile database, Progress progress) {
        try (Connection connection = warehouse.openExisting(database)) {
            if (progress.wanted()) {
                progress.line(warehouse.describeSettings(connection));
            }
            try {
                // A warehouse made before the weekly counts existed gets them now (one recount), once.
                warehouse.upgradeSchema(connection);
                OutlierWeeks weeks = new OutlierWeeks(connection);
                ensureView(connection, weeks);
                return OutlierWeeks.Week.table(weeks.selectOutlierWeeks());
            } catch (SQLException e) {
                // Looked up only now: listing the tables loads every table's storage, which a read need not pay.
                if (!warehouse.hasVotesTable(connection)) {
                    throw new BadInput("warehouse " + database
                            + " has no blog_analysis.votes table: run 'votes ingest FILE' first", e);
                }
                if (!new Catalog(connection).hasWeeklyCountsTable()) {
                    throw new BadInput("warehouse " + database + " has no blog_analysis.weekly_vote_counts table: "
                            + "run 'votes recount' to rebuild it from the votes", e);
                }
                throw e;
            }
        } catch (SQLException e) {
            throw new NothingCommitted("outliers failed: " + Text.firstLine(e.getMessage()), e);
        }
    }

    /**
     * Creates or replaces the view, with its comment naming the definition, in one transaction; when the view already
     * carries this definition's tag it is left as it is (a read needs no write, no log sync and no checkpoint).
     */
    static void ensureView(Connection connection, OutlierWeeks weeks) throws SQLException {
        if (weeks.viewComment().filter(("votes outlier_weeks " + DEFINITION)::equals).isPresent()) {
            return;
        }
        Warehouse.inTransaction(connection, () -> weeks.createView(DEFINITION));
    }
}
