package dev.votes.warehouse;

import static dev.votes.warehouse.SqlStatement.param;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/**
 * The gateway to the warehouse's schema {@code blog_analysis} ({@code sql/catalog/}): the statements that create and
 * upgrade it, the digest that says they ran, and what the catalog holds.
 */
public final class Catalog {

    /** The statements that create the warehouse's schema, in order; each is idempotent. */
    private static final List<SqlStatement<Void>> SCHEMA = List.of(
            SqlStatement.of("catalog/create_schema"),
            SqlStatement.of("catalog/create_votes_table"),
            SqlStatement.of("catalog/create_weekly_vote_counts_table"),
            SqlStatement.of("catalog/create_rejected_votes_table"),
            SqlStatement.of("catalog/create_ingestion_runs_table"),
            SqlStatement.of("catalog/add_ingestion_runs_files_skipped_column"),
            SqlStatement.of("catalog/add_ingestion_runs_unknown_fields_column"),
            SqlStatement.of("catalog/create_ingested_files_table"),
            SqlStatement.of("catalog/add_ingested_files_format_column"),
            SqlStatement.of("catalog/create_ingestion_run_id_sequence"));
    private static final SqlStatement<Void> SCHEMA_COMMENT = SqlStatement.of("catalog/select_schema_comment");
    private static final SqlStatement<Void> COMMENT_SCHEMA = SqlStatement.of("catalog/comment_schema");
    private static final SqlStatement<Void> RELATIONS = SqlStatement.of("catalog/select_warehouse_relations");
    private static final SqlStatement<Void> COUNT_VOTES_TABLES = SqlStatement.of("catalog/count_votes_tables");
    private static final SqlStatement<Void> COUNT_WEEKLY_COUNTS_TABLES =
            SqlStatement.of("catalog/count_weekly_vote_counts_tables");
    private static final SqlStatement<String> STORAGE_VERSION =
            SqlStatement.of("catalog/select_storage_version", param("database", database -> database));

    /** The schema statements' digest, which the run-id sequence's comment carries once they ran (hex digits only). */
    static final String SCHEMA_DIGEST = SqlStatement.digest(SCHEMA.stream().map(SqlStatement::text).toList());

    private final Connection connection;

    public Catalog(Connection connection) {
        this.connection = connection;
    }

    /** The comment on the run-id sequence ({@code votes schema DIGEST}); empty in a new warehouse. */
    public Optional<String> schemaComment() throws SQLException {
        return SCHEMA_COMMENT.queryFirst(connection, null, row -> row.getString("comment"));
    }

    /** Runs every schema statement, then marks the warehouse with their digest; call in a transaction. */
    public void createSchema() throws SQLException {
        for (SqlStatement<Void> statement : SCHEMA) {
            statement.execute(connection);
        }
        COMMENT_SCHEMA.executeWithDigest(connection, SCHEMA_DIGEST);
    }

    /** The names of the tables and views in the schema {@code blog_analysis}. */
    public List<String> relations() throws SQLException {
        return RELATIONS.queryList(connection, null, row -> row.getString("name"));
    }

    /** Whether {@code blog_analysis.votes} exists. */
    public boolean hasVotesTable() throws SQLException {
        return COUNT_VOTES_TABLES.queryLong(connection) > 0;
    }

    /** Whether {@code blog_analysis.weekly_vote_counts} exists. */
    public boolean hasWeeklyCountsTable() throws SQLException {
        return COUNT_WEEKLY_COUNTS_TABLES.queryLong(connection) > 0;
    }

    /**
     * DuckDB's {@code storage_version} tag of a database (e.g. {@code v1.0.0+}): of the one attached under that name,
     * or of the connection's own when it is null; null when DuckDB gives none.
     */
    public String storageVersionTag(String databaseName) throws SQLException {
        return STORAGE_VERSION.queryFirst(connection, databaseName, row -> row.getString("storage_version"))
                .orElse(null);
    }
}
