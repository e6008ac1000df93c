package dev.votes;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/** Test access to a warehouse file through bare JDBC, independent of the code under test. */
public final class Warehouses {

    static {
        try {
            Class.forName("org.duckdb.DuckDBDriver");
        } catch (ClassNotFoundException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private Warehouses() {
    }

    /** All rows of a query, each as a list of values, with the warehouse opened read-only. */
    public static List<List<Object>> query(Path database, String sql) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("duckdb.read_only", "true");
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:" + database, properties);
             Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery(sql)) {
            List<List<Object>> rows = new ArrayList<>();
            int columns = result.getMetaData().getColumnCount();
            while (result.next()) {
                List<Object> row = new ArrayList<>();
                for (int i = 1; i <= columns; i++) {
                    row.add(result.getObject(i));
                }
                rows.add(row);
            }
            return rows;
        }
    }

    /** DuckDB's storage_version tag of the file (e.g. {@code v1.0.0+}), read through bare JDBC. */
    public static String storageVersion(Path database) throws SQLException {
        return (String) query(database, "SELECT tags['storage_version'] FROM duckdb_databases() "
                + "WHERE database_name = current_database()").getFirst().getFirst();
    }

    /**
     * The storage format number in the file's header, read from its bytes (independent of DuckDB): a little-endian
     * uint64 after the header checksum and the magic {@code DUCK}. 64 is what DuckDB 1.0 and 1.1 read.
     */
    public static long formatNumber(Path database) throws java.io.IOException {
        byte[] head = new byte[20];
        try (java.io.InputStream in = java.nio.file.Files.newInputStream(database)) {
            if (in.readNBytes(head, 0, head.length) != head.length) {
                throw new java.io.IOException(database + " is shorter than a DuckDB header");
            }
        }
        if (!new String(head, 8, 4, java.nio.charset.StandardCharsets.US_ASCII).equals("DUCK")) {
            throw new java.io.IOException(database + " is not a DuckDB file");
        }
        return java.nio.ByteBuffer.wrap(head, 12, 8).order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong();
    }

    /**
     * The weeks where {@code blog_analysis.weekly_vote_counts} differs from a count of the votes made here, by other
     * means than the tool's: the week is computed arithmetically, year and (day of year + 7 - ISO weekday) // 7, which
     * equals strftime %Y and %W. Each row: {@code side} ("only in the table" or "only in a recount"), Year, WeekNumber,
     * VoteCount. Empty when the table is exact.
     */
    public static List<List<Object>> weeklyCountsAgainstVotes(Path database) throws SQLException {
        return query(database, """
                WITH recount AS (
                    SELECT CAST(year(CreationDate) AS INTEGER) AS Year,
                           CAST((dayofyear(CreationDate) + 7 - isodow(CreationDate)) // 7 AS INTEGER) AS WeekNumber,
                           count(*) AS VoteCount
                    FROM blog_analysis.votes
                    GROUP BY ALL
                ),
                counts AS (SELECT Year, WeekNumber, VoteCount FROM blog_analysis.weekly_vote_counts)
                SELECT * FROM (
                    SELECT 'only in the table' AS side, * FROM (SELECT * FROM counts EXCEPT ALL SELECT * FROM recount)
                    UNION ALL
                    SELECT 'only in a recount' AS side, * FROM (SELECT * FROM recount EXCEPT ALL SELECT * FROM counts)
                )
                ORDER BY Year, WeekNumber, side""");
    }

    /**
     * Turns a warehouse of this tool into one as the releases before the weekly counts table left it: no
     * {@code weekly_vote_counts}, the schema marked with those releases' digest, and the view {@code outlier_weeks} in
     * their definition (grouping every vote), tagged with its digest. The tables are otherwise the same: the older schema
     * statements are a subset of today's.
     */
    public static void makeAsBeforeWeeklyCounts(Path database) throws SQLException {
        execute(database, """
                CREATE OR REPLACE VIEW blog_analysis.outlier_weeks AS
                SELECT Year, WeekNumber, VoteCount
                FROM (
                WITH weekly_counts AS (
                    SELECT
                CAST(strftime(CreationDate, '%Y') AS INTEGER) AS Year,
                CAST(strftime(CreationDate, '%W') AS INTEGER) AS WeekNumber,
                           count(*) AS VoteCount
                    FROM blog_analysis.votes
                    GROUP BY ALL
                ),
                totals AS (
                    SELECT sum(VoteCount)::HUGEINT AS total_votes, count(*)::HUGEINT AS week_count
                    FROM weekly_counts
                )
                SELECT Year,
                       WeekNumber,
                       VoteCount,
                       total_votes::DOUBLE / week_count::DOUBLE       AS mean,
                       0.8 * total_votes::DOUBLE / week_count::DOUBLE AS lower,
                       1.2 * total_votes::DOUBLE / week_count::DOUBLE AS upper,
                       5 * abs(total_votes - VoteCount * week_count) > total_votes AS outlier
                FROM weekly_counts, totals
                )
                WHERE outlier
                ORDER BY Year, WeekNumber""",
                "COMMENT ON VIEW blog_analysis.outlier_weeks IS 'votes outlier_weeks " + VIEW_DIGEST_BEFORE_WEEKLY_COUNTS
                        + "'",
                "DROP TABLE blog_analysis.weekly_vote_counts",
                "COMMENT ON SEQUENCE blog_analysis.ingestion_run_id IS 'votes schema "
                        + SCHEMA_DIGEST_BEFORE_WEEKLY_COUNTS + "'");
    }

    /** The schema digest the releases before the weekly counts table wrote (read from a warehouse one made). */
    public static final String SCHEMA_DIGEST_BEFORE_WEEKLY_COUNTS = "1e9b0653add2e581";
    /** The digest of those releases' view definition, as its comment carried it. */
    public static final String VIEW_DIGEST_BEFORE_WEEKLY_COUNTS = "3787020632a530d5";

    /** The rows of {@code blog_analysis.weekly_vote_counts} as (Year, WeekNumber, VoteCount), earliest week first. */
    public static List<List<Object>> weeklyCounts(Path database) throws SQLException {
        return query(database, "SELECT Year, WeekNumber, VoteCount FROM blog_analysis.weekly_vote_counts ORDER BY ALL");
    }

    /** The columns of a vote as loaded, without the lineage column (the run that loaded it). */
    public static final String VOTE_COLUMNS = "Id, PostId, VoteTypeId, UserId, BountyAmount, CreationDate";

    /**
     * How many rows one warehouse has that the other has not, both ways, duplicates counted (EXCEPT ALL): 0 when the two
     * hold the same rows. {@code select} is the query, with {@code %s} where the catalog goes, e.g. {@code "SELECT Id
     * FROM %s.blog_analysis.votes"}.
     */
    public static long rowsInOnlyOne(Path left, Path right, String select) throws SQLException {
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:");
             Statement statement = connection.createStatement()) {
            for (String[] attach : new String[][] {{"l", left.toString()}, {"r", right.toString()}}) {
                try (var prepared = connection.prepareStatement("ATTACH ? AS " + attach[0] + " (READ_ONLY)")) {
                    prepared.setString(1, attach[1]);
                    prepared.execute();
                }
            }
            String mine = select.formatted("l");
            String theirs = select.formatted("r");
            try (ResultSet count = statement.executeQuery("SELECT count(*) FROM ((" + mine + " EXCEPT ALL " + theirs
                    + ") UNION ALL (" + theirs + " EXCEPT ALL " + mine + "))")) {
                count.next();
                return count.getLong(1);
            }
        }
    }

    public static long count(Path database, String sql) throws SQLException {
        return ((Number) query(database, sql).getFirst().getFirst()).longValue();
    }

    /** Runs statements with the warehouse opened for writing (to prepare a fault). */
    public static void execute(Path database, String... sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:" + database);
             Statement statement = connection.createStatement()) {
            for (String s : sql) {
                statement.execute(s);
            }
        }
    }

    /**
     * A fault for a later load to run into: the votes table is replaced by a stricter copy (same rows) that refuses
     * any Id from {@code firstRefusedId} up, so an insert fails inside the load transaction.
     */
    public static void refuseIdsFrom(Path database, long firstRefusedId) throws SQLException {
        execute(database, "ALTER TABLE blog_analysis.votes RENAME TO votes_before",
                "CREATE TABLE blog_analysis.votes (Id BIGINT PRIMARY KEY, PostId BIGINT NOT NULL, "
                        + "VoteTypeId INTEGER NOT NULL, UserId BIGINT, BountyAmount INTEGER, "
                        + "CreationDate TIMESTAMP NOT NULL, IngestionRunId BIGINT NOT NULL, CHECK (Id < "
                        + firstRefusedId + "))",
                "INSERT INTO blog_analysis.votes SELECT * FROM blog_analysis.votes_before",
                "DROP TABLE blog_analysis.votes_before");
    }
}
