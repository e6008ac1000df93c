package dev.votes.inspect;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import dev.votes.failure.BadInput;
import dev.votes.warehouse.Catalog;
import dev.votes.warehouse.WarehouseFile;

/** The names of the warehouse's tables and view, and what the inspecting commands do when one is missing. */
final class Schema {

    static final String VOTES = "votes";
    static final String REJECTED_VOTES = "rejected_votes";
    static final String INGESTION_RUNS = "ingestion_runs";
    static final String OUTLIER_WEEKS = "outlier_weeks";
    static final String WEEKLY_VOTE_COUNTS = "weekly_vote_counts";

    /** The tables every ingest creates, in the order they are reported. */
    static final List<String> TABLES = List.of(VOTES, REJECTED_VOTES, INGESTION_RUNS);

    private Schema() {
    }

    /** The names of the tables and views in the schema {@code blog_analysis}. */
    static Set<String> relations(Connection connection) throws SQLException {
        return new HashSet<>(new Catalog(connection).relations());
    }

    /** Throws the one-line failure (exit 1) when the warehouse lacks one of the tables. */
    static void require(Connection connection, WarehouseFile database, String... tables) throws SQLException {
        Set<String> present = relations(connection);
        for (String table : tables) {
            if (!present.contains(table)) {
                throw new BadInput("warehouse " + database + " has no blog_analysis." + table
                        + " table: run 'votes ingest FILE' first");
            }
        }
    }
}
