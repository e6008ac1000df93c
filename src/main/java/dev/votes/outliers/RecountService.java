package dev.votes.outliers;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import dev.votes.common.Progress;
import dev.votes.common.Text;
import dev.votes.failure.BadInput;
import dev.votes.failure.NothingCommitted;
import dev.votes.warehouse.Warehouse;
import dev.votes.warehouse.WarehouseFile;
import dev.votes.warehouse.WeeklyCounts;

/**
 * {@code votes recount}: rebuilds {@code blog_analysis.weekly_vote_counts}, which the view {@code outlier_weeks} reads,
 * from the votes, for a warehouse whose votes were changed by other means than {@code votes ingest} (a user's own
 * DuckDB). One transaction: the changed weeks are found and, if there are any, the table is replaced by the recount.
 */
@Singleton
public class RecountService {

    private final Warehouse warehouse;

    @Inject
    public RecountService(Warehouse warehouse) {
        this.warehouse = warehouse;
    }

    /**
     * Recounts the weekly counts of an existing warehouse and returns what changed.
     *
     * @param progress receives human-readable progress lines (for {@code --verbose})
     */
    public RecountSummary recount(WarehouseFile database, Progress progress) {
        long started = System.nanoTime();
        try (Connection connection = warehouse.openExisting(database)) {
            if (progress.wanted()) {
                progress.line(warehouse.describeSettings(connection));
            }
            if (!warehouse.hasVotesTable(connection)) {
                throw new BadInput("warehouse " + database
                        + " has no blog_analysis.votes table: run 'votes ingest FILE' first");
            }
            @SuppressWarnings("unchecked")
            List<WeeklyCounts.Change>[] changes = new List[1];
            WeeklyCounts.Totals[] totals = new WeeklyCounts.Totals[1];
            Warehouse.inTransaction(connection, () -> {
                warehouse.ensureSchemaForRecount(connection);
                WeeklyCounts counts = new WeeklyCounts(connection);
                changes[0] = counts.recountChanges();
                if (!changes[0].isEmpty()) {
                    progress.line("replacing the weekly counts with the recount (" + changes[0].size()
                            + " weeks differ)");
                    counts.replaceWithRecount();
                }
                totals[0] = counts.totals();
            });
            return new RecountSummary(changes[0], totals[0].weeks(), totals[0].votes(),
                    (System.nanoTime() - started) / 1e9);
        } catch (SQLException e) {
            throw new NothingCommitted("recount failed, nothing was changed: " + Text.firstLine(e.getMessage()), e);
        }
    }
}
