package dev.votes;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/** Vote files for the process tests: regular, valid, and quick to write at millions of lines. */
final class RegularVotes {

    private RegularVotes() {
    }

    /** Writes {@code rows} JSON-lines votes with consecutive Ids from {@code firstId}, through DuckDB's COPY. */
    static void write(Path file, long firstId, long rows) throws SQLException {
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:");
             PreparedStatement copy = connection.prepareStatement("COPY (SELECT CAST(i AS VARCHAR) AS Id, "
                     + "CAST(i % 5000 + 1 AS VARCHAR) AS PostId, CAST(i % 4 + 1 AS VARCHAR) AS VoteTypeId, "
                     + "strftime(TIMESTAMP '2017-01-02' + INTERVAL (i % 2000000) MINUTE, '%Y-%m-%dT%H:%M:%S.000') "
                     + "AS CreationDate FROM range(?, ?) t(i)) TO '" + file.toString().replace("'", "''")
                     + "' (FORMAT json)")) {
            copy.setLong(1, firstId);
            copy.setLong(2, firstId + rows);
            copy.execute();
        }
    }
}
