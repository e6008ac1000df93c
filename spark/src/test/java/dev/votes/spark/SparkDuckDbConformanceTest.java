package dev.votes.spark;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Spark path and the DuckDB path (the packaged {@code votes} CLI, its warehouse read with DuckDB's JDBC driver) load
 * the same inputs into the same votes (EXCEPT ALL both ways), quarantine the same rows (file, position, reason) and find
 * the same outlier weeks: on the real dataset, on a mixed landing folder (duplicates across and within files, bad rows of
 * every kind, JSON lines, gzip, CSV, TSV, typed and text Parquet, files to pass over), and on the rule table
 * {@code rules/reject-cases.tsv}, whose reasons both engines must give line by line.
 */
class SparkDuckDbConformanceTest {

    static final Path REPO = Path.of(System.getProperty("votes.repo", "..")).toAbsolutePath().normalize();
    static final Path CLI_JAR = Path.of(System.getProperty("votes.cli.jar",
            REPO.resolve("target/quarkus-app/quarkus-run.jar").toString()));
    static final String CLI_JAVA = System.getProperty("votes.cli.java",
            "/usr/lib/jvm/temurin-25-jdk-amd64/bin/java");
    static final Path REAL_DATASET = REPO.resolve("data/votes.jsonl.gz");

    static final StructType VOTES = new StructType()
            .add("Id", DataTypes.LongType).add("PostId", DataTypes.LongType).add("VoteTypeId", DataTypes.IntegerType)
            .add("UserId", DataTypes.LongType).add("BountyAmount", DataTypes.IntegerType)
            .add("CreationDate", DataTypes.TimestampNTZType).add("IngestionRunId", DataTypes.LongType);
    static final StructType REJECTS = new StructType()
            .add("source_file", DataTypes.StringType).add("line_number", DataTypes.LongType)
            .add("reason", DataTypes.StringType);
    static final StructType WEEKS = new StructType()
            .add("Year", DataTypes.IntegerType).add("WeekNumber", DataTypes.IntegerType)
            .add("VoteCount", DataTypes.LongType);

    /** A whole file's reject (position 0) carries its engine's reader error: only that there is one is compared. */
    static final String WHOLE_FILE_REASON = "CASE WHEN line_number = 0 THEN 'the file cannot be read' ELSE reason END "
            + "AS reason";

    @TempDir
    Path temp;

    @BeforeAll
    static void localSpark() throws ClassNotFoundException {
        System.setProperty("spark.master", "local[2]");
        Class.forName("org.duckdb.DuckDBDriver");
        assertTrue(Files.isRegularFile(CLI_JAR), "the packaged CLI " + CLI_JAR + " is missing: build it with "
                + "./mvnw package -DskipTests (JDK 25), or pass -Dvotes.cli.jar=");
    }

    @AfterEach
    void stopSpark() {
        SparkSession.getDefaultSession().foreach(session -> {
            session.stop();
            return null;
        });
    }

    @Test
    void theRealDatasetGivesTheSameVotesAndThe162OutlierWeeks() throws Exception {
        Engines result = ingestOnBoth(0, REAL_DATASET.toString());
        assertEquals(40_299, result.sparkVotes.count());
        assertSame("votes", result.sparkVotes, result.duckVotes);
        assertEquals(0, result.sparkRejects.count());
        assertEquals(0, result.duckRejects.count());
        assertEquals(162, result.sparkWeeks.size());
        assertEquals(result.duckWeeks, result.sparkWeeks);
        result.spark.stop();

        // A re-run adds nothing: every row is a duplicate, and the ledger says so.
        assertEquals(0, VotesSparkJob.run("ingest", "--warehouse", result.warehouse.toString(), REAL_DATASET.toString()));
        SparkSession spark = VotesSparkJob.session(result.warehouse.toString());
        try {
            Row run = spark.sql("SELECT run_id, status, rows_read, rows_inserted, duplicates_skipped, rows_rejected "
                    + "FROM blog_analysis.ingestion_runs ORDER BY run_id DESC LIMIT 1").first();
            assertEquals("[2,succeeded,40299,0,40299,0]", run.toString());
            assertEquals(40_299, spark.table("blog_analysis.votes").count());
        } finally {
            spark.stop();
        }
    }

    @Test
    void aMixedLandingFolderGivesTheSameVotesRejectsAndWeeks() throws Exception {
        Path landing = landingFolder();
        Engines result = ingestOnBoth(3, landing.toString());
        assertSame("votes", result.sparkVotes, result.duckVotes);
        assertSame("rejects", result.sparkRejects, result.duckRejects);
        assertEquals(result.duckWeeks, result.sparkWeeks);
        // Every kind of bad row is there, and the first occurrence of a duplicate Id won on both.
        List<String> reasons = result.sparkRejects.selectExpr("reason").distinct().as(
                org.apache.spark.sql.Encoders.STRING()).collectAsList();
        for (String kind : List.of("malformed JSON", "not a JSON object", "invalid UTF-8", "missing Id",
                "is not an integer", "is out of range", "is not a valid timestamp", VoteRules.TOO_MANY_FIELDS,
                VoteRules.TOO_FEW_FIELDS)) {
            assertTrue(reasons.stream().anyMatch(r -> r.contains(kind)), "no reject of kind " + kind + " in " + reasons);
        }
        assertEquals(1, result.sparkVotes.where("Id = 1 AND PostId = 1 AND VoteTypeId = 2").count(),
                "the first occurrence of Id 1 (cases.jsonl line 1) wins");
        assertEquals(1, result.sparkVotes.where("Id = 1001 AND PostId = 10").count(),
                "Id 1001 keeps its first file's CreationDate week");
        assertTrue(result.sparkRejects.where("source_file LIKE '%.parquet'").count() >= 3);
        assertEquals(1, result.sparkRejects.where("source_file LIKE '%/corrupt.parquet' AND line_number = 0").count());
        assertTrue(result.sparkRejects.where("source_file LIKE '%.tsv.gz'").count() >= 1);
        result.spark.stop();

        // A re-run adds nothing and rejects the same rows again (exit 3, as the CLI).
        assertEquals(3, VotesSparkJob.run("ingest", "--warehouse", result.warehouse.toString(), landing.toString()));
        SparkSession spark = VotesSparkJob.session(result.warehouse.toString());
        try {
            Row run = spark.sql("SELECT rows_inserted, rows_read = duplicates_skipped + rows_rejected "
                    + "FROM blog_analysis.ingestion_runs WHERE run_id = 2").first();
            assertEquals("[0,true]", run.toString());
        } finally {
            spark.stop();
        }
    }

    @Test
    void plainFilesReadInByteRangesKeepTheirLineNumbers() throws Exception {
        // Ranges of 97 bytes: lines start before, at and after range boundaries, CRLF and blank lines included.
        System.setProperty("votes.split.bytes", "97");
        try {
            Path landing = temp.resolve("ranges");
            Files.createDirectories(landing);
            writeRuleTable(landing.resolve("cases.jsonl"));
            Files.copy(landingFolder().resolve("b/votes.csv"), landing.resolve("votes.csv"));
            Engines result = ingestOnBoth(3, landing.toString());
            assertSame("rejects", result.sparkRejects, result.duckRejects);
            assertSame("votes", result.sparkVotes, result.duckVotes);
            assertTrue(result.sparkRejects.count() > 40);
            result.spark.stop();
        } finally {
            System.clearProperty("votes.split.bytes");
        }
    }

    @Test
    void bothEnginesGiveTheRuleTablesReasons() throws Exception {
        Path cases = temp.resolve("reject-cases.jsonl");
        List<String> expected = writeRuleTable(cases);
        Engines result = ingestOnBoth(3, cases.toString());
        assertSame("rejects", result.sparkRejects, result.duckRejects);
        assertSame("votes", result.sparkVotes, result.duckVotes);
        for (var engine : List.of(result.sparkRejects, result.duckRejects)) {
            List<String> got = new ArrayList<>();
            for (Row row : engine.orderBy("line_number").collectAsList()) {
                got.add(row.getLong(1) + "\t" + row.getString(2));
            }
            List<String> want = new ArrayList<>();
            for (int i = 0; i < expected.size(); i++) {
                if (!expected.get(i).equals("ok") && !expected.get(i).equals("blank")) {
                    want.add((i + 1) + "\t" + expected.get(i));
                }
            }
            assertEquals(String.join("\n", want), String.join("\n", got));
        }
        long ok = expected.stream().filter("ok"::equals).count();
        long distinctOkIds = result.duckVotes.count();
        assertTrue(distinctOkIds > 0 && distinctOkIds <= ok);
        result.spark.stop();
    }

    @Test
    void anEarlierFloorIsTheSameOptionOnBothEngines() throws Exception {
        Path file = temp.resolve("old.jsonl");
        Files.writeString(file, """
                {"Id":1,"PostId":1,"VoteTypeId":2,"CreationDate":"2001-05-05T12:00:00"}
                {"Id":2,"PostId":1,"VoteTypeId":2,"CreationDate":"1999-12-31"}
                {"Id":3,"PostId":1,"VoteTypeId":2,"CreationDate":"2000-01-01T00:30:00+01"}
                {"Id":4,"PostId":1,"VoteTypeId":2,"CreationDate":"2000-01-01T00:00:00"}
                {"Id":5,"PostId":1,"VoteTypeId":2,"CreationDate":"2008-07-30"}
                """);
        Engines result = ingestOnBoth(3, "--earliest-date", "2000-01-01", file.toString());
        assertSame("votes", result.sparkVotes, result.duckVotes);
        assertSame("rejects", result.sparkRejects, result.duckRejects);
        assertEquals(List.of(
                "[2,CreationDate is before 2000-01-01, the earliest plausible date: 1999-12-31]",
                "[3,CreationDate is before 2000-01-01, the earliest plausible date: 2000-01-01T00:30:00+01]"),
                result.sparkRejects.orderBy("line_number").selectExpr("line_number", "reason").collectAsList()
                        .stream().map(Row::toString).toList());
        assertEquals(3, result.sparkVotes.count(), "2001-05-05, 2000-01-01 00:00 and 2008-07-30 load");
        result.spark.stop();
    }

    /** Both engines' results after one ingest of the same inputs into fresh warehouses. */
    record Engines(Path warehouse, SparkSession spark, Dataset<Row> sparkVotes, Dataset<Row> duckVotes,
                   Dataset<Row> sparkRejects, Dataset<Row> duckRejects, List<Row> sparkWeeks, List<Row> duckWeeks) {
    }

    Engines ingestOnBoth(int exitCode, String... inputs) throws Exception {
        Path warehouse = temp.resolve("iceberg");
        Path db = temp.resolve("warehouse.db");
        List<String> cli = new ArrayList<>(List.of("ingest", "--db", db.toString()));
        cli.addAll(List.of(inputs));
        assertEquals(exitCode, runCli(cli), "votes ingest exit code");
        List<String> job = new ArrayList<>(List.of("ingest", "--warehouse", warehouse.toString()));
        job.addAll(List.of(inputs));
        assertEquals(exitCode, VotesSparkJob.run(job.toArray(String[]::new)), "Spark ingest exit code");

        SparkSession spark = VotesSparkJob.session(warehouse.toString());
        Dataset<Row> sparkVotes = spark.sql("SELECT Id, PostId, VoteTypeId, UserId, BountyAmount, CreationDate, "
                + "IngestionRunId FROM blog_analysis.votes").cache();
        Dataset<Row> sparkRejects = spark.sql("SELECT source_file, line_number, " + WHOLE_FILE_REASON + " FROM "
                + "blog_analysis.rejected_votes").cache();
        List<Row> sparkWeeks = VotesSparkJob.outlierWeeks(spark).collectAsList();
        String sparkUnknown = spark.sql("SELECT unknown_fields FROM blog_analysis.ingestion_runs WHERE run_id = 1")
                .first().getString(0);
        Dataset<Row> duckVotes;
        Dataset<Row> duckRejects;
        List<Row> duckWeeks;
        Properties readOnly = new Properties();
        readOnly.setProperty("duckdb.read_only", "true");
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:" + db, readOnly);
             Statement statement = connection.createStatement()) {
            duckVotes = spark.createDataFrame(query(statement, "SELECT Id, PostId, VoteTypeId, UserId, BountyAmount, "
                    + "CreationDate, IngestionRunId FROM blog_analysis.votes", VOTES), VOTES).cache();
            duckRejects = spark.createDataFrame(query(statement, "SELECT source_file, line_number, reason FROM "
                    + "blog_analysis.rejected_votes", REJECTS), REJECTS).selectExpr("source_file", "line_number",
                    WHOLE_FILE_REASON).cache();
            String duckUnknown = query(statement, "SELECT unknown_fields::VARCHAR FROM blog_analysis.ingestion_runs "
                    + "WHERE run_id = 1", new StructType().add("u", DataTypes.StringType)).get(0).getString(0);
            // Schema drift is counted alike: each field that is not a vote field, with the records that had it.
            var json = new com.fasterxml.jackson.databind.ObjectMapper();
            assertEquals(json.readTree(duckUnknown == null ? "{}" : duckUnknown), json.readTree(sparkUnknown),
                    "unknown fields: DuckDB " + duckUnknown + ", Spark " + sparkUnknown);
            duckWeeks = new ArrayList<>();
            for (Row row : query(statement, "SELECT * FROM (" + outlierViewQuery() + ")", WEEKS)) {
                duckWeeks.add(row);
            }
        }
        return new Engines(warehouse, spark, sparkVotes, duckVotes, sparkRejects, duckRejects, sparkWeeks, duckWeeks);
    }

    /**
     * The DuckDB path's own outlier query, the one its view is created with: {@code outlier_weeks/outlier_weeks.sql}
     * with the fragments it includes ({@code {include folder/name}}) written out, as the tool does.
     */
    static String outlierViewQuery() throws IOException {
        return withIncludes("outlier_weeks/outlier_weeks").strip();
    }

    private static String withIncludes(String name) throws IOException {
        String sql = Files.readString(REPO.resolve("src/main/resources/sql/" + name + ".sql"));
        java.util.regex.Matcher include = java.util.regex.Pattern.compile("\\{include ([a-z0-9_]+/[a-z0-9_]+)}")
                .matcher(sql);
        StringBuilder text = new StringBuilder();
        while (include.find()) {
            include.appendReplacement(text, java.util.regex.Matcher.quoteReplacement(
                    withIncludes(include.group(1)).stripTrailing()));
        }
        return include.appendTail(text).toString();
    }

    static List<Row> query(Statement statement, String sql, StructType schema) throws SQLException {
        List<Row> rows = new ArrayList<>();
        try (ResultSet result = statement.executeQuery(sql)) {
            while (result.next()) {
                Object[] values = new Object[schema.size()];
                for (int i = 0; i < values.length; i++) {
                    var type = schema.fields()[i].dataType();
                    Object value = type == DataTypes.TimestampNTZType ? result.getObject(i + 1, LocalDateTime.class)
                            : type == DataTypes.LongType ? (Object) result.getLong(i + 1)
                            : type == DataTypes.IntegerType ? (Object) result.getInt(i + 1)
                            : result.getString(i + 1);
                    values[i] = result.wasNull() ? null : value;
                }
                rows.add(RowFactory.create(values));
            }
        }
        return rows;
    }

    static void assertSame(String what, Dataset<Row> spark, Dataset<Row> duck) {
        long onlySpark = spark.exceptAll(duck).count();
        long onlyDuck = duck.exceptAll(spark).count();
        assertEquals(0, onlySpark + onlyDuck, what + ": " + onlySpark + " rows only on Spark, e.g. "
                + spark.exceptAll(duck).limit(5).collectAsList() + "; " + onlyDuck + " only on DuckDB, e.g. "
                + duck.exceptAll(spark).limit(5).collectAsList());
        assertEquals(duck.count(), spark.count(), what + " row counts");
    }

    static int runCli(List<String> arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(CLI_JAVA, "--enable-native-access=ALL-UNNAMED", "-jar",
                CLI_JAR.toString()));
        command.addAll(arguments);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        process.getInputStream().transferTo(output);
        assertTrue(process.waitFor(5, TimeUnit.MINUTES), "votes " + arguments + " did not finish");
        System.err.print(output.toString(StandardCharsets.UTF_8));
        return process.exitValue();
    }

    /** Writes the rule table's lines as a JSON-lines file and returns each line's expected outcome. */
    static List<String> writeRuleTable(Path file) throws IOException {
        List<String> expected = new ArrayList<>();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (var in = SparkDuckDbConformanceTest.class.getResourceAsStream("/rules/reject-cases.tsv")) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (line.startsWith("#") || line.isEmpty()) {
                    continue;
                }
                int tab = line.indexOf('\t');
                expected.add(line.substring(0, tab));
                bytes.write(unescape(line.substring(tab + 1)));
                bytes.write('\n');
            }
        }
        Files.write(file, bytes.toByteArray());
        return expected;
    }

    static byte[] unescape(String text) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < utf8.length; i++) {
            if (utf8[i] == '\\' && i + 3 < utf8.length && utf8[i + 1] == 'x') {
                out.write(Integer.parseInt(new String(utf8, i + 2, 2, StandardCharsets.US_ASCII), 16));
                i += 3;
            } else if (utf8[i] == '\\' && i + 1 < utf8.length && utf8[i + 1] == 'r') {
                out.write('\r');
                i += 1;
            } else {
                out.write(utf8[i]);
            }
        }
        return out.toByteArray();
    }

    /** A landing folder of several formats with duplicates and bad rows of every kind, and files to pass over. */
    Path landingFolder() throws IOException, SQLException {
        Path landing = temp.resolve("landing");
        Files.createDirectories(landing.resolve("a"));
        Files.createDirectories(landing.resolve("b"));
        Files.createDirectories(landing.resolve("c/.staging"));
        writeRuleTable(landing.resolve("a/cases.jsonl"));
        gzip(landing.resolve("a/more.jsonl.gz"), """
                {"Id":"1","PostId":"9","VoteTypeId":"9","CreationDate":"2021-06-01T00:00:00"}
                {"Id":"1001","PostId":"10","VoteTypeId":"2","CreationDate":"2021-06-01T00:00:00","UserId":"5"}
                {"Id":"1002","PostId":"10","VoteTypeId":"3","CreationDate":"2021-06-02T23:59:59.5"}
                {"Id":"1002","PostId":"11","VoteTypeId":"3","CreationDate":"2021-06-02T23:59:59.5"}
                {"Id":"1003","PostId":"10","VoteTypeId":"2","CreationDate":"2021-01-03T00:00:00","BountyAmount":"100"}
                {"Id":"1004","PostId":"10","VoteTypeId":"x","CreationDate":"2021-01-04T00:00:00"}

                {"Id":"1005","PostId":"10","VoteTypeId":"2","CreationDate":"2020-12-31T23:00:00-02:00"}
                """);
        Files.writeString(landing.resolve("b/votes.csv"), """
                PostId,Id,VoteTypeId,CreationDate,UserId,Source
                10,1001,2,2020-02-02T00:00:00,7,dup of more.jsonl.gz with another week
                10,2001,2,2021-03-01T00:00:00,,csv
                10,2002,2,2021-03-01T00:00:00,8,csv,extra
                10,2003,2,2021-03-01T00:00:00
                10,20"04,2,2021-03-01T00:00:00,8,csv
                10,,2,2021-03-01T00:00:00,8,csv
                10,2005,up,2021-03-01T00:00:00,8,csv
                "10","2006","1","2021-03-02 10:00:00","9","quoted, with a comma"
                10,2007,2,2021-03-45,8,csv
                """);
        gzip(landing.resolve("b/votes.tsv.gz"), String.join("\n",
                "Id\tPostId\tVoteTypeId\tCreationDate",
                "3001\t12\t2\t2021-04-05T06:07:08",
                "3002\t12\t2\tnot a date",
                "3001\t13\t2\t2021-04-05T06:07:08",
                "3003\t12\t-2\t2021-04-05T06:07:08",
                "3004\t12\t2\t2021-04-05T06:07:08") + "\n");
        try (Connection duck = DriverManager.getConnection("jdbc:duckdb:");
             Statement statement = duck.createStatement()) {
            statement.execute("SET TimeZone = 'UTC'");
            statement.execute("COPY (SELECT * FROM (VALUES "
                    + "(4001::BIGINT, 14::BIGINT, 2::INTEGER, 3::BIGINT, NULL::DOUBLE, TIMESTAMP '2021-05-03 00:00:00', 'x'),"
                    + "(NULL, 14, 2, 3, NULL, TIMESTAMP '2021-05-03 00:00:00', 'null Id'),"
                    + "(4002, 14, 2, 3, 2.5, TIMESTAMP '2021-05-03 12:00:00', 'fractional bounty'),"
                    + "(4003, 0, 2, 3, 50, TIMESTAMP '2021-05-09 23:59:59', 'PostId 0'),"
                    + "(4004, 14, 2, NULL, 50, TIMESTAMP '2021-05-10 00:00:00', 'ok'),"
                    + "(1003, 14, 2, NULL, NULL, TIMESTAMP '2021-05-10 00:00:00', 'dup of more.jsonl.gz'),"
                    + "(4005, 14, 2, NULL, NULL, NULL, 'no date')"
                    + ") AS t(Id, PostId, VoteTypeId, UserId, BountyAmount, CreationDate, Note)) TO '"
                    + landing.resolve("c/typed.parquet") + "' (FORMAT parquet)");
            statement.execute("COPY (SELECT * FROM (VALUES "
                    + "('5001', '15', '2', '2021-07-01T00:00:00+02:00'),"
                    + "('5002', '15', 'two', '2021-07-01'),"
                    + "('5003', '15', '2', '2021-07-01 25:00:00'),"
                    + "('5004', '15', '2', '2021-07-04')"
                    + ") AS t(Id, PostId, VoteTypeId, CreationDate)) TO '"
                    + landing.resolve("c/text.parquet") + "' (FORMAT parquet)");
        }
        // A Parquet file neither reader can open: one reject at position 0 (each engine words its reader's error).
        Files.writeString(landing.resolve("c/corrupt.parquet"), "PAR1 not really parquet PAR1");
        // Passed over by both: a marker, a hidden file, a staging directory, a file whose name says no format.
        Files.writeString(landing.resolve("_SUCCESS"), "");
        Files.writeString(landing.resolve("a/.hidden.jsonl"), "not even json\n");
        Files.writeString(landing.resolve("c/.staging/part.jsonl"), "not even json\n");
        Files.writeString(landing.resolve("README.txt"), "landing zone\n");
        return landing;
    }

    static void gzip(Path file, String text) throws IOException {
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        }
    }
}
