package dev.votes.convert;

import static dev.votes.warehouse.SqlStatement.param;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

import dev.votes.warehouse.SqlStatement;

/**
 * The gateway to a storage conversion's statements ({@code sql/convert/}): the warehouse and its copy attached under
 * fixed names ({@link ConvertStorageService#SOURCE}, {@link ConvertStorageService#TARGET}), everything copied, and the
 * copy's catalog and rows compared with the warehouse's.
 */
final class StorageCopy {

    /** A difference between the two catalogs: which side lacks it, what kind of item, and the item. */
    record Difference(String difference, String kind, String item) {
    }

    /**
     * A table, view or sequence of the warehouse, with its quoted, qualified names in the warehouse and in the copy.
     *
     * @param kind {@code table}, {@code view} or {@code sequence}
     */
    record Relation(String kind, String qualifiedName, String inSource, String inTarget) {
    }

    private record Target(Path file, String storageVersion) {
    }

    private static final SqlStatement<Path> ATTACH_SOURCE = SqlStatement.of("convert/attach_convert_source",
            param("path", Path::toString));
    private static final SqlStatement<Target> ATTACH_TARGET = SqlStatement.of("convert/attach_convert_target",
            param("path", target -> target.file().toString()),
            param("storage_version", Target::storageVersion));
    private static final SqlStatement<Void> COPY = SqlStatement.of("convert/copy_convert_source_to_target");
    private static final SqlStatement<Void> DETACH_TARGET = SqlStatement.of("convert/detach_convert_target");
    private static final SqlStatement<Void> CATALOG_DIFFERENCES =
            SqlStatement.of("convert/select_convert_catalog_differences");
    private static final SqlStatement<Void> SOURCE_RELATIONS =
            SqlStatement.of("convert/select_convert_source_relations");
    private static final SqlStatement<String> COUNT_ROWS = SqlStatement.of("convert/count_relation_rows",
            param("relation", relation -> relation));

    private final Connection connection;

    StorageCopy(Connection connection) {
        this.connection = connection;
    }

    /** Attaches the warehouse file, for writing (its lock keeps other processes out; nothing is written to it). */
    void attachSource(Path warehouse) throws SQLException {
        ATTACH_SOURCE.execute(connection, warehouse);
    }

    /** Attaches (creates) the copy in the storage version {@code option} ({@code v1.0.0} ... or {@code latest}). */
    void attachTarget(Path copy, String storageVersion) throws SQLException {
        ATTACH_TARGET.execute(connection, new Target(copy, storageVersion));
    }

    /** Copies every schema, table, view, sequence, macro and row of the warehouse into the copy. */
    void copySourceToTarget() throws SQLException {
        COPY.execute(connection);
    }

    /** Detaches the copy, which checkpoints it. */
    void detachTarget() throws SQLException {
        DETACH_TARGET.execute(connection);
    }

    /** What the copy lacks or has in excess compared with the warehouse; empty when the catalogs agree. */
    List<Difference> selectCatalogDifferences() throws SQLException {
        return CATALOG_DIFFERENCES.queryList(connection, null, row -> new Difference(row.getString("difference"),
                row.getString("kind"), row.getString("item")));
    }

    /** The warehouse's tables, views and sequences. */
    List<Relation> selectSourceRelations() throws SQLException {
        return SOURCE_RELATIONS.queryList(connection, null, row -> new Relation(row.getString("kind"),
                row.getString("qualified_name"), row.getString("in_source"), row.getString("in_target")));
    }

    /** The rows of a table or view named by its quoted, qualified name (a bound name, never SQL text). */
    long countRelationRows(String relation) throws SQLException {
        return COUNT_ROWS.queryLong(connection, relation);
    }
}
