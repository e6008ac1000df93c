package dev.votes.serve;

import java.nio.file.Files;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import dev.votes.common.Table;
import dev.votes.common.Text;
import dev.votes.failure.NothingCommitted;
import dev.votes.outliers.OutlierWeeks;
import dev.votes.warehouse.Catalog;
import dev.votes.warehouse.Quarantine;
import dev.votes.warehouse.RunLedger;
import dev.votes.warehouse.Warehouse;
import dev.votes.warehouse.WarehouseFile;

/**
 * The server's reads. Each opens the warehouse with the same settings as the server's ingest, so inside this process
 * DuckDB hands both the same database instance (a read-only open would be refused while an ingest has the file open):
 * a read during an ingest neither waits nor fails, and sees the last committed state, because it runs in a
 * transaction of its own. A warehouse that does not exist yet reads as empty.
 */
@Singleton
public class WarehouseReads {

    private final Warehouse warehouse;

    @Inject
    public WarehouseReads(Warehouse warehouse) {
        this.warehouse = warehouse;
    }

    /**
     * Every week's count, the mean, the ±20 % band and whether it is an outlier; earliest week first. A warehouse made
     * before the weekly counts existed gets them first (one recount, once).
     */
    public List<Map<String, Object>> weeks(WarehouseFile database) {
        return read(database, "votes", connection -> {
            warehouse.upgradeSchema(connection);
            return OutlierWeeks.WeekCount.table(new OutlierWeeks(connection).selectWeeklyCounts());
        });
    }

    /** The ledger, newest run first, at most {@code limit} runs; {@code files} as lists. */
    public List<Map<String, Object>> runs(WarehouseFile database, long limit) {
        return read(database, "ingestion_runs",
                connection -> RunLedger.Run.table(new RunLedger(connection).listRuns(limit)));
    }

    /** Quarantined lines of one run (all runs when null), at most {@code limit}; an unknown run is {@link NoSuchRun}. */
    public List<Map<String, Object>> rejects(WarehouseFile database, Long runId, long limit) {
        List<Map<String, Object>> rows = read(database, "rejected_votes", connection -> {
            if (runId != null && !new RunLedger(connection).hasRun(runId)) {
                throw new NoSuchRun(runId);
            }
            return Quarantine.Line.table(new Quarantine(connection).listLines(runId, limit));
        });
        if (rows == null && runId != null) {
            throw new NoSuchRun(runId);
        }
        return rows == null ? List.of() : rows;
    }

    /** The ledger knows no such run. */
    public static final class NoSuchRun extends RuntimeException {
        NoSuchRun(Long runId) {
            super("no ingestion run " + runId + " (see GET /api/runs for the run ids)");
        }
    }

    @FunctionalInterface
    private interface Query {
        Table run(Connection connection) throws SQLException;
    }

    /**
     * Runs the query when the warehouse and the table exist; an empty list when they do not (nothing ingested yet) —
     * except for one run's rejects, where null tells that the run cannot exist.
     */
    private List<Map<String, Object>> read(WarehouseFile database, String table, Query query) {
        if (!Files.isRegularFile(database.path())) {
            return missing(table);
        }
        try (Connection connection = warehouse.openExisting(database)) {
            List<String> relations = new Catalog(connection).relations();
            if (!relations.contains(table) || table.equals("rejected_votes") && !relations.contains("ingestion_runs")) {
                return missing(table);
            }
            return query.run(connection).rowsAsObjects();
        } catch (SQLException e) {
            throw new NothingCommitted("reading warehouse " + database + " failed: "
                    + Text.firstLine(e.getMessage()), e);
        }
    }

    private static List<Map<String, Object>> missing(String table) {
        return table.equals("rejected_votes") ? null : List.of();
    }
}
