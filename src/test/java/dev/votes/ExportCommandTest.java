package dev.votes;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.votes.cli.exit.ExitCodes;
import io.quarkus.test.junit.QuarkusTest;

/**
 * {@code votes export} in-process: the real dataset through Parquet and back, both layouts, the atomic replacement of an
 * earlier export, failures that must leave it intact, refusals, and the error paths. The files are read back by DuckDB
 * through bare JDBC ({@link ExportedFiles}), compared with the warehouse and with independent computations.
 */
@QuarkusTest
class ExportCommandTest extends InProcessCommandTest {

    private static final Path DATASET = RealDatasetTest.DATASET;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The week of strftime %W computed another way (as the check of the outlier view does): Monday weeks, week 0 first. */
    private static final String WEEK = "(dayofyear(CreationDate) + 7 - isodow(CreationDate)) // 7";

    @Test
    void theRealDatasetRoundTripsRowForRowWithTheTablesTypesSortedByIdInYearPartitions() throws Exception {
        ingestRealDataset();
        Path export = dir.resolve("export");

        CliRunner.Result result = cli.run("export", "--db", db.toString(), "--to", export.toString());

        assertEquals(ExitCodes.OK, result.exitCode(), result::toString);
        assertEquals("", result.err(), "quiet on stderr without -v: " + result);
        List<String> out = result.out().lines().toList();
        assertEquals(List.of("directory", "partition_by", "rows", "partitions", "files", "bytes", "weeks", "outlier_weeks",
                "seconds"), List.of(out.get(0).split(" +")), result::toString);
        List<String> row = List.of(out.get(2).split(" +"));
        assertEquals(List.of(export.toString(), "year", "40299", "5", "5"), row.subList(0, 5), result::toString);
        assertEquals(List.of("239", "162"), row.subList(6, 8), result::toString);
        assertEquals("(1 row)", out.get(3));
        assertEquals(List.of("_votes_export.json", "outlier_weeks.parquet",
                        "votes/Year=2017/data_0.parquet", "votes/Year=2018/data_0.parquet", "votes/Year=2019/data_0.parquet",
                        "votes/Year=2020/data_0.parquet", "votes/Year=2021/data_0.parquet", "weekly_counts.parquet"),
                List.copyOf(ExportedFiles.files(export).keySet()));

        String votes = ExportedFiles.votes(export);
        assertEquals(40_299, ExportedFiles.count(db,
                "SELECT count(*) FROM read_parquet(?, hive_partitioning = true)", votes));
        assertEquals(0, ExportedFiles.count(db, "SELECT count(*) FROM (SELECT * FROM blog_analysis.votes EXCEPT ALL "
                + "SELECT * EXCLUDE (Year) FROM read_parquet(?, hive_partitioning = true))", votes), "no table row is missing");
        assertEquals(0, ExportedFiles.count(db, "SELECT count(*) FROM (SELECT * EXCLUDE (Year) FROM read_parquet(?, "
                + "hive_partitioning = true) EXCEPT ALL SELECT * FROM blog_analysis.votes)", votes), "no row is extra");
        assertEquals(ExportedFiles.query(db, "SELECT column_name, column_type FROM (DESCRIBE blog_analysis.votes)"),
                ExportedFiles.query(db, "SELECT column_name, column_type FROM (DESCRIBE SELECT * EXCLUDE (Year) "
                        + "FROM read_parquet(?, hive_partitioning = true))", votes), "the table's columns and types");
        assertEquals(0, ExportedFiles.count(db, "SELECT count(*) FROM read_parquet(?, hive_partitioning = true) "
                + "WHERE Year <> year(CreationDate)", votes), "each row is in its year's partition");
        assertEquals(0, unsortedRows(votes), "sorted by Id within each file");
        // Every file's footer holds Spark's schema of its columns (the table's, CreationDate as timestamp_ntz), so Spark
        // reads the wall time as written in any session time zone (spark/ExportReadInSparkTest reads it in Spark).
        List<List<Object>> sparkSchemas = ExportedFiles.query(db, "SELECT DISTINCT decode(value) FROM "
                + "parquet_kv_metadata(?) WHERE decode(key) = 'org.apache.spark.sql.parquet.row.metadata'", votes);
        assertEquals(1, sparkSchemas.size(), sparkSchemas::toString);
        List<String> sparkColumns = new java.util.ArrayList<>();
        for (JsonNode field : JSON.readTree(String.valueOf(sparkSchemas.get(0).get(0))).get("fields")) {
            sparkColumns.add(field.get("name").asText() + " " + field.get("type").asText());
        }
        List<String> tableColumns = new java.util.ArrayList<>();
        for (List<Object> column : ExportedFiles.query(db, "SELECT column_name, column_type FROM (DESCRIBE blog_analysis.votes)")) {
            tableColumns.add(column.get(0) + " " + switch (String.valueOf(column.get(1))) {
                case "BIGINT" -> "long";
                case "INTEGER" -> "integer";
                case "TIMESTAMP" -> "timestamp_ntz";
                default -> "unexpected " + column.get(1);
            });
        }
        assertEquals(tableColumns, sparkColumns, "the Spark schema in the footer is the table's");

        JsonNode marker = JSON.readTree(export.resolve("_votes_export.json").toFile());
        assertEquals("votes-export", marker.get("format").asText());
        assertEquals("year", marker.get("partition_by").asText());
        assertEquals(40_299, marker.get("rows").asLong());
        assertEquals(239, marker.get("weeks").asLong());
        assertEquals(db.toAbsolutePath().normalize().toString(), marker.get("warehouse").asText());
        Instant exportedAt = Instant.parse(marker.get("exported_at").asText());
        assertTrue(Duration.between(exportedAt, Instant.now()).abs().toMinutes() < 10, exportedAt::toString);
        assertEquals(List.of(), ExportedFiles.leftovers(dir), "no staging directory is left");
    }

    @Test
    void weeklyCountsAreAnIndependentGroupByAndOutlierWeeksTheViewsRowsWithoutTheViewExisting() throws Exception {
        ingestRealDataset();
        Path export = dir.resolve("export");

        CliRunner.Result result = cli.run("export", "--db", db.toString(), "--to", export.toString());
        assertEquals(0, ExportedFiles.count(db, "SELECT count(*) FROM duckdb_views() WHERE view_name = 'outlier_weeks'"),
                "the export neither needed nor created the view");
        CliRunner.Result outliers = cli.run("outliers", "--db", db.toString());

        assertEquals(ExitCodes.OK, result.exitCode(), result::toString);
        assertEquals(ExitCodes.OK, outliers.exitCode(), outliers::toString);
        String weekly = export.resolve("weekly_counts.parquet").toString();
        String outlierWeeks = export.resolve("outlier_weeks.parquet").toString();
        List<List<Object>> weeks = ExportedFiles.query(db, "SELECT * FROM read_parquet(?)", weekly);
        assertEquals(239, weeks.size());
        assertEquals(ExportedFiles.longs(ExportedFiles.query(db, "SELECT year(CreationDate), " + WEEK + ", count(*) "
                + "FROM blog_analysis.votes GROUP BY ALL ORDER BY ALL")), ExportedFiles.longs(weeks));
        List<List<Object>> types = List.of(List.of("Year", "INTEGER"), List.of("WeekNumber", "INTEGER"),
                List.of("VoteCount", "BIGINT"));
        assertEquals(types, ExportedFiles.query(null,
                "SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM read_parquet(?))", weekly));

        List<List<Object>> exported = ExportedFiles.query(db, "SELECT * FROM read_parquet(?)", outlierWeeks);
        assertEquals(162, exported.size(), "162 of the real dataset's 239 weeks deviate by more than 20 %");
        assertEquals(ExportedFiles.query(db, "SELECT * FROM blog_analysis.outlier_weeks"), exported);
        assertEquals(0, ExportedFiles.count(db, "SELECT count(*) FROM (SELECT * FROM read_parquet(?) EXCEPT ALL "
                + "SELECT * FROM blog_analysis.outlier_weeks)", outlierWeeks));
        assertEquals(IndependentOutliers.compute(DATASET), ExportedFiles.longs(exported));
        assertEquals(types, ExportedFiles.query(null,
                "SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM read_parquet(?))", outlierWeeks));
    }

    @Test
    void partitionByYearAndWeekWritesOneDirectoryPerWeekWithTheViewsWeekNumbers() throws Exception {
        ingestRealDataset();
        Path export = dir.resolve("export");

        CliRunner.Result result = cli.run("export", "--db", db.toString(), "--to", export.toString(),
                "--partition-by", "year,week", "--format", "csv", "-v");

        assertEquals(ExitCodes.OK, result.exitCode(), result::toString);
        List<String> csv = result.out().lines().toList();
        assertEquals("directory,partition_by,rows,partitions,files,bytes,weeks,outlier_weeks,seconds", csv.get(0));
        assertTrue(csv.get(1).startsWith(export + ",\"year,week\",40299,239,239,"), result::toString);
        assertTrue(result.err().contains("staged 40299 rows sorted by year,week and Id"), result::toString);
        assertTrue(result.err().contains("wrote 40299 rows under votes/"), result::toString);
        Set<String> files = ExportedFiles.files(export).keySet();
        List<String> voteFiles = files.stream().filter(name -> name.startsWith("votes/")).toList();
        assertEquals(239, voteFiles.size(), "one file per week that has votes");
        assertTrue(voteFiles.stream().allMatch(name -> name.matches("votes/Year=20\\d\\d/WeekNumber=\\d{1,2}/data_0\\.parquet")),
                voteFiles::toString);

        String votes = ExportedFiles.votes(export);
        assertEquals(0, ExportedFiles.count(db, "SELECT count(*) FROM read_parquet(?, hive_partitioning = true) "
                + "WHERE Year <> year(CreationDate) OR WeekNumber <> " + WEEK, votes), "each row is in its week");
        assertEquals(List.of(List.of(true)), ExportedFiles.query(null, "SELECT count(*) > 0 AND min(CreationDate) >= "
                        + "TIMESTAMP '2020-02-17' AND max(CreationDate) < TIMESTAMP '2020-02-24' FROM read_parquet(?)",
                        export.resolve("votes/Year=2020/WeekNumber=7/data_0.parquet").toString()),
                "week 7 of 2020 is Monday 17 to Sunday 23 February");
        assertEquals(0, ExportedFiles.count(db, "SELECT count(*) FROM (SELECT * FROM blog_analysis.votes EXCEPT ALL "
                + "SELECT * EXCLUDE (Year, WeekNumber) FROM read_parquet(?, hive_partitioning = true))", votes));
        assertEquals(0, ExportedFiles.count(db, "SELECT count(*) FROM (SELECT * EXCLUDE (Year, WeekNumber) FROM "
                + "read_parquet(?, hive_partitioning = true) EXCEPT ALL SELECT * FROM blog_analysis.votes)", votes));
        assertEquals(List.of(List.of("Year", "INTEGER"), List.of("WeekNumber", "INTEGER")), ExportedFiles.query(null,
                "SELECT column_name, column_type FROM (DESCRIBE SELECT Year, WeekNumber FROM read_parquet(?, "
                        + "hive_partitioning = true, hive_types = {'Year': INTEGER, 'WeekNumber': INTEGER}))", votes));
        assertEquals(0, unsortedRows(votes));
    }

    @Test
    void everyFileIsSortedByIdEvenWithManyThreadsAndManyRows() throws Exception {
        // 200,000 rows with four threads: enough for DuckDB's parallel partitioned writer to interleave the rows of a
        // partition (measured: it does at this size), which the export must not let happen.
        Path generated = dir.resolve("generated.jsonl");
        assertEquals(ExitCodes.OK, cli.run("generate", "--rows", "200000", "--bad", "0", "--out", generated.toString())
                .exitCode());
        assertEquals(ExitCodes.OK, cli.run("ingest", "--db", db.toString(), generated.toString()).exitCode());

        for (String partitioning : List.of("year", "year,week")) {
            Path export = dir.resolve("export-" + partitioning.replace(',', '-'));
            CliRunner.Result result = cli.run("export", "--db", db.toString(), "--to", export.toString(),
                    "--partition-by", partitioning, "--threads", "4");

            assertEquals(ExitCodes.OK, result.exitCode(), result::toString);
            assertEquals(0, unsortedRows(ExportedFiles.votes(export)), partitioning);
            assertEquals(ExportedFiles.count(db, "SELECT count(*) FROM blog_analysis.votes"), ExportedFiles.count(null,
                    "SELECT count(*) FROM read_parquet(?, hive_partitioning = true)", ExportedFiles.votes(export)));
            assertTrue(ExportedFiles.files(export).keySet().stream().filter(name -> name.startsWith("votes/"))
                    .allMatch(name -> name.endsWith("/data_0.parquet")), "one file per partition: " + partitioning);
        }
    }

    @Test
    void reExportingGivesTheSameFilesAndReplacesTheEarlierExportLeavingNothingBehind() throws Exception {
        ingestRealDataset();
        Path export = dir.resolve("export");

        CliRunner.Result first = cli.run("export", "--db", db.toString(), "--to", export.toString(),
                "--partition-by", "year,week");
        Map<String, byte[]> firstFiles = ExportedFiles.files(export);
        CliRunner.Result second = cli.run("export", "--db", db.toString(), "--to", export.toString(),
                "--partition-by", "year,week");
        Map<String, byte[]> secondFiles = ExportedFiles.files(export);

        assertEquals(ExitCodes.OK, first.exitCode(), first::toString);
        assertEquals(ExitCodes.OK, second.exitCode(), second::toString);
        assertEquals(firstFiles.keySet(), secondFiles.keySet());
        for (String name : firstFiles.keySet()) {
            if (!name.equals("_votes_export.json")) {
                assertArrayEquals(firstFiles.get(name), secondFiles.get(name), name + " is the same, byte for byte");
            }
        }
        assertNotEquals(JSON.readTree(firstFiles.get("_votes_export.json")).get("exported_at"),
                JSON.readTree(secondFiles.get("_votes_export.json")).get("exported_at"), "a new export took its place");

        // Three new votes in week 0 of 2022: the next export must show them, in a partition the first one did not have.
        Path more = dir.resolve("more.jsonl");
        Files.writeString(more, IngestCommandTest.vote(900_000_001) + "\n" + IngestCommandTest.vote(900_000_002) + "\n"
                + IngestCommandTest.vote(900_000_003) + "\n");
        cli.run("ingest", "--db", db.toString(), more.toString());
        CliRunner.Result third = cli.run("export", "--db", db.toString(), "--to", export.toString(), "--format", "json");

        assertEquals(ExitCodes.OK, third.exitCode(), third::toString);
        assertEquals(40_302, JSON.readTree(third.out()).get("rows").asLong());
        assertEquals(List.of("_votes_export.json", "outlier_weeks.parquet", "votes/Year=2017/data_0.parquet",
                "votes/Year=2018/data_0.parquet", "votes/Year=2019/data_0.parquet", "votes/Year=2020/data_0.parquet",
                "votes/Year=2021/data_0.parquet", "votes/Year=2022/data_0.parquet", "weekly_counts.parquet"),
                List.copyOf(ExportedFiles.files(export).keySet()), "the weekly layout was replaced whole");
        assertEquals(40_302, ExportedFiles.count(db, "SELECT count(*) FROM read_parquet(?, hive_partitioning = true)",
                ExportedFiles.votes(export)));
        assertEquals(List.of(), ExportedFiles.leftovers(dir), "neither a staging nor the earlier export is left");
    }

    @Test
    void aDatabaseErrorMidExportLeavesTheEarlierExportIntactAndNoStagingDirectory() throws Exception {
        ingestRealDataset();
        Path export = dir.resolve("export");
        assertEquals(ExitCodes.OK, cli.run("export", "--db", db.toString(), "--to", export.toString()).exitCode());
        Map<String, byte[]> before = ExportedFiles.files(export);
        // A damaged warehouse: a timestamp no week can be computed for. Staging the rows fails after the staging
        // directory was made.
        Warehouses.execute(db, "UPDATE blog_analysis.votes SET CreationDate = 'infinity' "
                + "WHERE Id = (SELECT max(Id) FROM blog_analysis.votes)");

        CliRunner.Result result = cli.run("export", "--db", db.toString(), "--to", export.toString());

        assertEquals(ExitCodes.FAILURE, result.exitCode(), result::toString);
        assertEquals(1, result.err().lines().count(), result::toString);
        assertTrue(result.err().startsWith("votes: export failed: Conversion Error"), result::toString);
        assertTrue(result.err().strip().endsWith(export + " was left as it was"), result::toString);
        assertSameFiles(before, ExportedFiles.files(export));
        assertEquals(List.of(), ExportedFiles.leftovers(dir), "the staging directory was removed");
    }

    @Test
    void aFailedMoveIntoPlaceLeavesTheEarlierExportIntactAndNoStagingDirectory() throws Exception {
        ingestRealDataset();
        Path exports = Files.createDirectory(dir.resolve("exports"));
        Path export = exports.resolve("votes");
        assertEquals(ExitCodes.OK, cli.run("export", "--db", db.toString(), "--to", export.toString()).exitCode());
        Map<String, byte[]> before = ExportedFiles.files(export);
        Path more = dir.resolve("more.jsonl");
        Files.writeString(more, IngestCommandTest.vote(900_000_001) + "\n");
        cli.run("ingest", "--db", db.toString(), more.toString());

        CliRunner.Result result;
        String expected;
        try (Undo undo = preventRenaming(export)) {
            expected = undo.expected();
            result = cli.run("export", "--db", db.toString(), "--to", export.toString());
        }

        assertEquals(ExitCodes.FAILURE, result.exitCode(), result::toString);
        assertEquals(1, result.err().lines().count(), result::toString);
        assertTrue(result.err().startsWith("votes: export failed: " + expected), result::toString);
        assertTrue(result.err().strip().endsWith(export + " was left as it was"), result::toString);
        assertSameFiles(before, ExportedFiles.files(export));
        assertEquals(40_299, ExportedFiles.count(db, "SELECT count(*) FROM read_parquet(?, hive_partitioning = true)",
                ExportedFiles.votes(export)), "still the earlier export, not the warehouse's 40,300 rows");
        assertEquals(List.of(), ExportedFiles.leftovers(exports), "the staging directory was removed");
    }

    @Test
    void aDirectoryThatIsNotAnExportIsRefusedAndLeftAlone() throws Exception {
        cli.run("ingest", "--db", db.toString(), IngestCommandTest.example().toString());
        Path mine = Files.createDirectory(dir.resolve("mine"));
        Files.writeString(mine.resolve("keep.txt"), "precious");
        Path file = Files.writeString(dir.resolve("a-file"), "not a directory");
        Path export = dir.resolve("export");
        assertEquals(ExitCodes.OK, cli.run("export", "--db", db.toString(), "--to", export.toString()).exitCode());
        Files.writeString(export.resolve("notes.txt"), "mine too");
        Map<String, byte[]> exportBefore = ExportedFiles.files(export);

        CliRunner.Result notEmpty = cli.run("export", "--db", db.toString(), "--to", mine.toString());
        CliRunner.Result notADirectory = cli.run("export", "--db", db.toString(), "--to", file.toString());
        CliRunner.Result exportWithMore = cli.run("export", "--db", db.toString(), "--to", export.toString());
        CliRunner.Result noParent = cli.run("export", "--db", db.toString(), "--to", dir.resolve("no/such").toString());
        CliRunner.Result empty = cli.run("export", "--db", db.toString(), "--to",
                Files.createDirectory(dir.resolve("empty")).toString());

        for (CliRunner.Result refused : List.of(notEmpty, notADirectory, exportWithMore, noParent)) {
            assertEquals(ExitCodes.FAILURE, refused.exitCode(), refused::toString);
            assertEquals(1, refused.err().lines().count(), refused::toString);
            assertEquals("", refused.out(), refused::toString);
        }
        assertTrue(notEmpty.err().contains("refusing to export to " + mine + ": it is not empty and holds no earlier "
                + "export (no _votes_export.json); nothing was written"), notEmpty::toString);
        assertEquals(Set.of("keep.txt"), ExportedFiles.files(mine).keySet());
        assertEquals("precious", Files.readString(mine.resolve("keep.txt")));
        assertTrue(notADirectory.err().contains("it exists and is not a directory"), notADirectory::toString);
        assertEquals("not a directory", Files.readString(file));
        assertTrue(exportWithMore.err().contains("refusing to replace the earlier export in " + export
                + ": it also holds notes.txt"), exportWithMore::toString);
        assertSameFiles(exportBefore, ExportedFiles.files(export));
        assertTrue(noParent.err().contains("directory " + dir.resolve("no") + " does not exist"), noParent::toString);
        assertTrue(Files.notExists(dir.resolve("no")));
        assertEquals(ExitCodes.OK, empty.exitCode(), "an empty directory is taken: " + empty);
        assertEquals(16, ExportedFiles.count(db, "SELECT count(*) FROM read_parquet(?, hive_partitioning = true)",
                ExportedFiles.votes(dir.resolve("empty"))));
        assertEquals(List.of(), ExportedFiles.leftovers(dir));
    }

    @Test
    void pathsWithQuotesAndSpacesAreDataNotSql() throws Exception {
        Path place = Files.createDirectory(dir.resolve("o'brien's \"votes\" -- x"));
        Path warehouse = place.resolve("ware'house.db");
        cli.run("ingest", "--db", warehouse.toString(), DATASET.toString());
        Path export = place.resolve("it's an export; DROP TABLE votes");

        CliRunner.Result result = cli.run("export", "--db", warehouse.toString(), "--to", export.toString(),
                "--format", "json");

        assertEquals(ExitCodes.OK, result.exitCode(), result::toString);
        JsonNode summary = JSON.readTree(result.out());
        assertEquals(export.toString(), summary.get("directory").asText());
        assertEquals(40_299, summary.get("rows").asLong());
        assertEquals(5, summary.get("partitions").asLong());
        assertEquals(5, summary.get("files").asLong());
        assertEquals(239, summary.get("weeks").asLong());
        assertEquals(162, summary.get("outlier_weeks").asLong());
        assertTrue(summary.get("bytes").asLong() > 100_000, result::toString);
        assertEquals(0, ExportedFiles.count(warehouse, "SELECT count(*) FROM (SELECT * FROM blog_analysis.votes EXCEPT "
                + "ALL SELECT * EXCLUDE (Year) FROM read_parquet(?, hive_partitioning = true))", ExportedFiles.votes(export)));
        assertEquals(40_299, ExportedFiles.count(warehouse, "SELECT count(*) FROM read_parquet(?, hive_partitioning = true)",
                ExportedFiles.votes(export)));
        assertEquals(List.of(), ExportedFiles.leftovers(place));
    }

    @Test
    void aBadPartitionByIsAUsageErrorNamingTheOptionAndWritesNothing() throws Exception {
        cli.run("ingest", "--db", db.toString(), IngestCommandTest.example().toString());
        Path export = dir.resolve("export");

        CliRunner.Result month = cli.run("export", "--db", db.toString(), "--to", export.toString(),
                "--partition-by", "month");
        CliRunner.Result noTarget = cli.run("export", "--db", db.toString());

        assertEquals(ExitCodes.USAGE, month.exitCode(), month::toString);
        assertEquals(List.of("votes export: Invalid value for option '--partition-by': 'month' (give year or year,week) "
                + "(see 'votes export --help')"), month.err().lines().toList());
        assertEquals(ExitCodes.USAGE, noTarget.exitCode(), noTarget::toString);
        assertTrue(noTarget.err().contains("--to"), noTarget::toString);
        assertTrue(Files.notExists(export));
        assertEquals(List.of(), ExportedFiles.leftovers(dir));
    }

    @Test
    void anEmptyWarehouseExportsValidEmptyFiles() throws Exception {
        Path empty = Files.write(dir.resolve("empty.jsonl"), new byte[0]);
        assertEquals(ExitCodes.OK, cli.run("ingest", "--db", db.toString(), empty.toString()).exitCode());
        Path export = dir.resolve("export");

        CliRunner.Result result = cli.run("export", "--db", db.toString(), "--to", export.toString(), "--format", "json");

        assertEquals(ExitCodes.OK, result.exitCode(), result::toString);
        JsonNode summary = JSON.readTree(result.out());
        for (String field : List.of("rows", "partitions", "files", "weeks", "outlier_weeks")) {
            assertEquals(0, summary.get(field).asLong(), field);
        }
        assertEquals(List.of("_votes_export.json", "outlier_weeks.parquet", "weekly_counts.parquet"),
                List.copyOf(ExportedFiles.files(export).keySet()));
        assertTrue(Files.isDirectory(export.resolve("votes")), "votes/ is there, with no partition");
        for (String file : List.of("weekly_counts.parquet", "outlier_weeks.parquet")) {
            assertEquals(0, ExportedFiles.count(null, "SELECT count(*) FROM read_parquet(?)",
                    export.resolve(file).toString()), file);
            assertEquals(List.of(List.of("Year", "INTEGER"), List.of("WeekNumber", "INTEGER"), List.of("VoteCount", "BIGINT")),
                    ExportedFiles.query(null, "SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM read_parquet(?))",
                            export.resolve(file).toString()), file);
        }
        assertEquals(0, JSON.readTree(export.resolve("_votes_export.json").toFile()).get("rows").asLong());
    }

    @Test
    void aMissingWarehouseOrVotesTableIsOneLineAndNothingIsCreated() throws Exception {
        Path export = dir.resolve("export");

        CliRunner.Result missing = cli.run("export", "--db", db.toString(), "--to", export.toString());

        assertEquals(ExitCodes.FAILURE, missing.exitCode(), missing::toString);
        assertEquals(1, missing.err().lines().count(), missing::toString);
        assertTrue(missing.err().contains("no warehouse at " + db + ": run 'votes ingest FILE' first"), missing::toString);
        assertTrue(Files.notExists(db), "no warehouse is created");
        assertTrue(Files.notExists(export));

        Warehouses.execute(db, "CREATE TABLE unrelated (x INTEGER)");
        CliRunner.Result noTable = cli.run("export", "--db", db.toString(), "--to", export.toString());

        assertEquals(ExitCodes.FAILURE, noTable.exitCode(), noTable::toString);
        assertEquals(1, noTable.err().lines().count(), noTable::toString);
        assertTrue(noTable.err().contains("has no blog_analysis.votes table"), noTable::toString);
        assertTrue(Files.notExists(export));
        assertEquals(List.of(), ExportedFiles.leftovers(dir));
    }

    @Test
    void aWarehouseMadeBeforeTheWeeklyCountsIsOneLineUntilRecountAddsThem() throws Exception {
        cli.run("ingest", "--db", db.toString(), IngestCommandTest.example().toString());
        Warehouses.makeAsBeforeWeeklyCounts(db);
        Path export = dir.resolve("export");

        CliRunner.Result old = cli.run("export", "--db", db.toString(), "--to", export.toString());

        assertEquals(ExitCodes.FAILURE, old.exitCode(), old::toString);
        assertEquals(List.of("votes: warehouse " + db + " has no blog_analysis.weekly_vote_counts table (it was made "
                + "by an older votes): run 'votes recount' once to add it, then export again"), old.err().lines().toList());
        assertTrue(Files.notExists(export));
        assertEquals(List.of(), ExportedFiles.leftovers(dir));

        assertEquals(ExitCodes.OK, cli.run("recount", "--db", db.toString()).exitCode());
        CliRunner.Result result = cli.run("export", "--db", db.toString(), "--to", export.toString());

        assertEquals(ExitCodes.OK, result.exitCode(), result::toString);
        assertEquals(6, ExportedFiles.count(db, "SELECT count(*) FROM read_parquet(?)",
                export.resolve("outlier_weeks.parquet").toString()));
    }

    @Test
    void aBusyWarehouseIsExitFourAndWaitWaitsForItsLock() throws Exception {
        cli.run("ingest", "--db", db.toString(), IngestCommandTest.example().toString());
        Path export = dir.resolve("export");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process holder = new ProcessBuilder(java, "--enable-native-access=ALL-UNNAMED", "-cp",
                System.getProperty("java.class.path") + File.pathSeparator, LockHolder.class.getName(), db.toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        CompletableFuture<CliRunner.Result> waiting;
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8));
            assertEquals("locked", out.readLine());

            CliRunner.Result busy = cli.run("export", "--db", db.toString(), "--to", export.toString());

            assertEquals(ExitCodes.WAREHOUSE_BUSY, busy.exitCode(), busy::toString);
            assertEquals(1, busy.err().lines().count(), busy::toString);
            assertTrue(busy.err().contains("is busy: process " + holder.pid()), busy::toString);
            assertTrue(Files.notExists(export));
            assertEquals(List.of(), ExportedFiles.leftovers(dir));

            waiting = CompletableFuture.supplyAsync(() -> cli.run("export", "--db", db.toString(), "--to",
                    export.toString(), "--wait", "60"));
            Thread.sleep(500);
            assertFalse(waiting.isDone(), "it waits for the lock");
        } finally {
            holder.getOutputStream().close();
            holder.waitFor();
        }
        CliRunner.Result waited = waiting.get(60, TimeUnit.SECONDS);
        assertEquals(ExitCodes.OK, waited.exitCode(), waited::toString);
        assertEquals(16, ExportedFiles.count(db, "SELECT count(*) FROM read_parquet(?, hive_partitioning = true)",
                ExportedFiles.votes(export)));
    }

    private void ingestRealDataset() {
        CliRunner.Result ingest = cli.run("ingest", "--db", db.toString(), DATASET.toString());
        assertEquals(ExitCodes.OK, ingest.exitCode(), ingest::toString);
    }

    /** Rows whose Id is lower than the one before it in the same file. */
    private static long unsortedRows(String votes) throws Exception {
        return ExportedFiles.count(null, "SELECT count(*) FROM (SELECT Id < lag(Id) OVER (PARTITION BY filename "
                + "ORDER BY file_row_number) AS unsorted FROM read_parquet(?, hive_partitioning = true, "
                + "file_row_number = true, filename = true)) WHERE unsorted", votes);
    }

    private static void assertSameFiles(Map<String, byte[]> expected, Map<String, byte[]> actual) {
        assertEquals(expected.keySet(), actual.keySet());
        for (String name : expected.keySet()) {
            assertArrayEquals(expected.get(name), actual.get(name), name);
        }
    }

    /** Undoes a fault; {@code expected} is how the export's failure line starts after "export failed: ". */
    private record Undo(String expected, AutoCloseable action) implements AutoCloseable {

        @Override
        public void close() throws Exception {
            action.close();
        }
    }

    /**
     * Makes renaming {@code export} fail, so that an export into it fails at the very end, after the staging directory
     * was filled: the immutable attribute (chattr +i) stops even root. A user who may not set it gets the parent made
     * unwritable instead (then the staging directory cannot be made).
     */
    private static Undo preventRenaming(Path export) throws Exception {
        if (run("chattr", "+i", export.toString()) == 0) {
            return new Undo("cannot rename " + export + " to ", () -> assertEquals(0, run("chattr", "-i", export.toString())));
        }
        Path parent = export.getParent();
        Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(parent);
        Files.setPosixFilePermissions(parent, PosixFilePermissions.fromString("r-xr-xr-x"));
        Undo undo = new Undo("cannot create the staging directory ", () -> Files.setPosixFilePermissions(parent, permissions));
        if (!Files.isWritable(parent)) {
            return undo;
        }
        undo.close();
        assumeTrue(false, "this machine lets the tests neither set the immutable attribute nor lose write permission");
        return undo;
    }

    private static int run(String... command) throws Exception {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            process.getInputStream().readAllBytes();
            return process.waitFor();
        } catch (java.io.IOException e) {
            return -1;
        }
    }
}
