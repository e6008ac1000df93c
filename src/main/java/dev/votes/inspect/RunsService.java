package dev.votes.inspect;

import java.sql.Connection;
import java.sql.SQLException;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import dev.votes.common.Table;
import dev.votes.common.Text;
import dev.votes.failure.BadInput;
import dev.votes.failure.NothingCommitted;
import dev.votes.warehouse.Quarantine;
import dev.votes.warehouse.RunLedger;
import dev.votes.warehouse.Warehouse;
import dev.votes.warehouse.WarehouseFile;

/**
 * Reads the ingestion ledger and the quarantine. Opens the warehouse read-only: it never changes the file, and it can
 * look at a warehouse whose file is not writable.
 */
@Singleton
public class RunsService {

    private final Warehouse warehouse;

    @Inject
    public RunsService(Warehouse warehouse) {
        this.warehouse = warehouse;
    }

    /**
     * Some rows of a longer list, and how long the whole list is.
     *
     * @param table the rows shown
     * @param total how many rows there are in all
     */
    public record Listing(Table table, long total) {

        public boolean truncated() {
            return table.rows().size() < total;
        }
    }

    /** The ledger, newest run first, at most {@code limit} runs; {@code files} is a list of strings. */
    public Listing runs(WarehouseFile database, long limit) {
        try (Connection connection = warehouse.openReadOnly(database)) {
            Schema.require(connection, database, Schema.INGESTION_RUNS);
            RunLedger ledger = new RunLedger(connection);
            long total = ledger.countRuns();
            return new Listing(RunLedger.Run.table(ledger.listRuns(limit)), total);
        } catch (SQLException e) {
            throw new NothingCommitted("runs failed: " + Text.firstLine(e.getMessage()), e);
        }
    }

    /**
     * Quarantined lines with their reasons, newest run first, then by file and line; at most {@code limit}.
     *
     * @param runId only this run's lines; {@code null} for every run. A run the ledger does not know is a failure.
     */
    public Listing rejects(WarehouseFile database, Long runId, long limit) {
        try (Connection connection = warehouse.openReadOnly(database)) {
            requireRun(connection, database, runId);
            Quarantine quarantine = new Quarantine(connection);
            long total = quarantine.countLines(runId);
            return new Listing(Quarantine.Line.table(quarantine.listLines(runId, limit)), total);
        } catch (SQLException e) {
            throw new NothingCommitted("rejects failed: " + Text.firstLine(e.getMessage()), e);
        }
    }

    /** The quarantined lines counted per run and kind of reason (the reason without its value), of one run or all. */
    public Table rejectSummary(WarehouseFile database, Long runId) {
        try (Connection connection = warehouse.openReadOnly(database)) {
            requireRun(connection, database, runId);
            return Quarantine.ReasonCount.table(new Quarantine(connection).countByReason(runId));
        } catch (SQLException e) {
            throw new NothingCommitted("rejects failed: " + Text.firstLine(e.getMessage()), e);
        }
    }

    private static void requireRun(Connection connection, WarehouseFile database, Long runId) throws SQLException {
        Schema.require(connection, database, Schema.REJECTED_VOTES);
        if (runId != null) {
            Schema.require(connection, database, Schema.INGESTION_RUNS);
            if (!new RunLedger(connection).hasRun(runId)) {
                throw new BadInput("no ingestion run " + runId + " in warehouse " + database
                        + " (see 'votes runs' for the run ids)");
            }
        }
    }
}
