package dev.votes.warehouse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;

import jakarta.inject.Singleton;

import dev.votes.common.ErrorHandler;
import dev.votes.common.ExitCodes;
import dev.votes.common.VotesException;

/**
 * Opens the DuckDB warehouse file through plain JDBC and keeps its schema. Callers close what they open (try-with-
 * resources), so the file is closed cleanly and another process can open it right after.
 */
@Singleton
public class Warehouse {

    /** The statements that create the warehouse's schema, in order; each is idempotent. */
    private static final List<String> SCHEMA = List.of(
            "create_schema",
            "create_votes_table",
            "create_rejected_votes_table",
            "create_ingestion_runs_table",
            "create_ingestion_run_id_sequence");

    /** Opens the warehouse for writing, creating the file (not its directory) when it does not exist yet. */
    public Connection openForWriting(Path database) {
        Path parent = database.toAbsolutePath().getParent();
        if (parent != null && !Files.isDirectory(parent)) {
            throw new VotesException(ExitCodes.FAILURE, "cannot create warehouse " + database + ": directory " + parent
                    + " does not exist (create it, or pass another --db)");
        }
        if (Files.isDirectory(database)) {
            throw new VotesException(ExitCodes.FAILURE, "--db " + database + " is a directory, not a warehouse file");
        }
        return open(database);
    }

    /** Opens an existing warehouse; refuses to create one. */
    public Connection openExisting(Path database) {
        if (!Files.isRegularFile(database)) {
            throw new VotesException(ExitCodes.FAILURE, "no warehouse at " + database
                    + ": run 'votes ingest FILE' first, or pass --db PATH (env VOTES_DB)");
        }
        return open(database);
    }

    /** Creates the schema, tables and sequence if they are missing, each in its own auto-committed statement. */
    public void ensureSchema(Connection connection) throws SQLException {
        for (String statement : SCHEMA) {
            Sql.execute(connection, statement);
        }
    }

    /** Whether {@code blog_analysis.votes} exists. */
    public boolean hasVotesTable(Connection connection) throws SQLException {
        return Sql.queryLong(connection, "count_votes_tables") > 0;
    }

    private Connection open(Path database) {
        try {
            // Loaded here, not in a static initializer: DriverManager discovers drivers once per class loader (Quarkus
            // tests use several), and a native image must not register the driver at build time.
            Class.forName("org.duckdb.DuckDBDriver");
            Connection connection = DriverManager.getConnection("jdbc:duckdb:" + database);
            try {
                Sql.execute(connection, "set_time_zone_utc");
            } catch (SQLException e) {
                connection.close();
                throw e;
            }
            return connection;
        } catch (SQLException e) {
            throw new VotesException(ExitCodes.FAILURE, "cannot open warehouse " + database + ": "
                    + ErrorHandler.firstLine(e.getMessage()), e);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("the DuckDB JDBC driver is missing from the build", e);
        }
    }
}
