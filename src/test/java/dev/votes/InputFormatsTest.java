package dev.votes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.votes.cli.exit.ExitCodes;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Every input a landing zone holds: JSON lines, JSON arrays, CSV, TSV and Parquet, gzip and zstd, directories, globs,
 * files with extra or missing fields, and files a reader cannot read at all.
 */
@QuarkusTest
class InputFormatsTest extends InProcessCommandTest {

    private static final String HEADER = "Id,PostId,VoteTypeId,CreationDate";

    @Test
    void theRealDatasetInEveryFormatGivesTheSameWarehouse() throws Exception {
        Path lines = dir.resolve("votes.jsonl");
        try (InputStream in = new GZIPInputStream(Files.newInputStream(RealDatasetTest.DATASET))) {
            Files.copy(in, lines);
        }
        Path reference = dir.resolve("reference.db");
        assertEquals(ExitCodes.OK, cli.run("ingest", "--db", reference.toString(), lines.toString()).exitCode());
        // Converted by DuckDB: text values for the text formats, typed columns (BIGINT, TIMESTAMP) for Parquet.
        String text = "SELECT * FROM read_json('" + sqlText(lines) + "', columns = {'Id': 'VARCHAR', 'PostId': "
                + "'VARCHAR', 'VoteTypeId': 'VARCHAR', 'CreationDate': 'VARCHAR', 'UserId': 'VARCHAR', "
                + "'BountyAmount': 'VARCHAR'})";
        String typed = "SELECT * FROM read_json('" + sqlText(lines) + "')";
        List<String[]> conversions = List.of(
                new String[] {"votes.ndjson", text, "FORMAT json", "jsonl"},
                new String[] {"votes.jsonl.zst", text, "FORMAT json, COMPRESSION zstd", "jsonl+zstd"},
                new String[] {"votes.json", text, "FORMAT json, ARRAY true", "json-array"},
                new String[] {"votes.json.gz", text, "FORMAT json, ARRAY true, COMPRESSION gzip", "json-array+gzip"},
                new String[] {"votes.csv", text, "FORMAT csv, HEADER true", "csv"},
                new String[] {"votes.csv.gz", text, "FORMAT csv, HEADER true, COMPRESSION gzip", "csv+gzip"},
                new String[] {"votes.tsv.zst", text, "FORMAT csv, HEADER true, DELIMITER E'\\t', COMPRESSION zstd",
                        "tsv+zstd"},
                new String[] {"votes.parquet", typed, "FORMAT parquet", "parquet"},
                // No extension: told by content (gzip magic, then a '{'; zstd magic, then a first line with tabs).
                new String[] {"votes-export-2024", text, "FORMAT json, COMPRESSION gzip", "jsonl+gzip"},
                new String[] {"votes-export-2025", text, "FORMAT csv, HEADER true, DELIMITER E'\\t', COMPRESSION zstd",
                        "tsv+zstd"});
        for (String[] conversion : conversions) {
            Path file = dir.resolve(conversion[0]);
            copy(conversion[1], file, conversion[2]);
            Path db = dir.resolve(conversion[0] + ".db");

            CliRunner.Result result = cli.run("ingest", "--db", db.toString(), file.toString());

            assertEquals(ExitCodes.OK, result.exitCode(), conversion[0] + ": " + result);
            assertEquals(40_299, Warehouses.count(db, "SELECT count(*) FROM blog_analysis.votes"), conversion[0]);
            assertEquals(0, StagingPathsTest.rowsInOnlyOne(reference, db), conversion[0] + " gives the same rows");
            assertEquals(List.of(List.of(conversion[3])), Warehouses.query(db,
                    "SELECT format FROM blog_analysis.ingested_files"), "the file ledger names the format read");
        }
    }

    @Test
    void aMixedFolderLoadsInOneRunWithExactCountsRejectsAndUnknownFields() throws Exception {
        Path raw = Files.createDirectory(dir.resolve("raw"));
        // CSV, columns in another order and an extra one; line 4 has a bad VoteTypeId, line 6 one field too many.
        Files.writeString(raw.resolve("votes_0.csv"), """
                VoteTypeId,CreationDate,Source,PostId,Id
                2,2020-01-06T10:00:00,web,100,1
                2,2020-01-06T11:00:00,web,100,2
                up,2020-01-06T12:00:00,web,100,3
                2,2020-01-07T10:00:00,app,100,4
                2,2020-01-07T10:00:00,app,100,5,surplus
                2,2020-01-07T11:00:00,app,100,6
                """);
        // JSON lines, gzip, in a sub-directory: Ids 4 and 6 again (this file comes first in path order, so it wins).
        Path sub = Files.createDirectory(raw.resolve("sub"));
        gzip(sub.resolve("votes_1.jsonl.gz"), String.join("\n",
                vote(4, 400), vote(6, 600), "{\"Id\": 7, \"PostId\": oops}", vote(8, 800)) + "\n");
        // Parquet with an extra column, a NULL Id, and Id 8 again.
        copy("SELECT * FROM (VALUES (9::BIGINT, 900::BIGINT, 2, TIMESTAMP '2020-01-08 10:00:00', 'n1'), "
                + "(NULL, 901, 2, TIMESTAMP '2020-01-08 11:00:00', 'n2'), "
                + "(8, 902, 2, TIMESTAMP '2020-01-08 12:00:00', 'n3')) t(Id, PostId, VoteTypeId, CreationDate, Note)",
                raw.resolve("votes_2.parquet"), "FORMAT parquet");
        // TSV without the optional fields.
        Files.writeString(raw.resolve("votes_3.tsv"), "Id\tPostId\tVoteTypeId\tCreationDate\n"
                + "10\t1000\t3\t2020-01-09T10:00:00\n");
        // A JSON array with an element that is not an object.
        Files.writeString(raw.resolve("votes_4.json"), "[" + vote(11, 1100) + ",\n 5,\n" + vote(12, 1200) + "]");
        // Not inputs: passed over.
        Files.writeString(raw.resolve("README.txt"), "landing zone\n");
        Files.writeString(raw.resolve(".partial.jsonl"), vote(99, 1) + "\n");
        Files.writeString(raw.resolve("_SUCCESS"), "");

        CliRunner.Result result = cli.run("ingest", "--db", db.toString(), "-v", "--format", "json", raw.toString());

        assertEquals(ExitCodes.COMMITTED_WITH_REJECTS, result.exitCode(), result::toString);
        JsonNode summary = new ObjectMapper().readTree(result.out());
        List<String> files = new ArrayList<>();
        summary.get("files").forEach(file -> files.add(raw.relativize(Path.of(file.asText())).toString()));
        assertEquals(List.of("sub/votes_1.jsonl.gz", "votes_0.csv", "votes_2.parquet", "votes_3.tsv", "votes_4.json"),
                files, "every input file once, in path order");
        // 6 CSV records + 4 lines + 3 Parquet rows + 1 TSV record + 3 array elements.
        assertEquals(17, summary.get("rows_read").asLong(), result::toString);
        assertEquals(5, summary.get("rows_rejected").asLong(), result::toString);
        assertEquals(3, summary.get("duplicates_skipped").asLong(), "Ids 4, 6 (CSV) and 8 (Parquet): " + result);
        assertEquals(9, summary.get("rows_inserted").asLong(), result::toString);
        assertEquals(List.of(1L, 2L, 4L, 6L, 8L, 9L, 10L, 11L, 12L), Warehouses.query(db,
                "SELECT Id FROM blog_analysis.votes ORDER BY Id").stream().map(row -> (Long) row.getFirst()).toList());
        assertEquals(List.of(List.of(4L, 400L), List.of(6L, 600L), List.of(8L, 800L)), Warehouses.query(db,
                "SELECT Id, PostId FROM blog_analysis.votes WHERE Id IN (4, 6, 8) ORDER BY Id"),
                "the first occurrence in path order wins");
        assertEquals(List.of(List.of(10L, 1000L, 3, true, true)), Warehouses.query(db, "SELECT Id, PostId, "
                + "VoteTypeId, UserId IS NULL, BountyAmount IS NULL FROM blog_analysis.votes WHERE Id = 10"),
                "missing optional fields are NULL");
        assertEquals(List.of(
                        List.of("sub/votes_1.jsonl.gz", 3L, "malformed JSON"),
                        List.of("votes_0.csv", 4L, "VoteTypeId is not an integer: up"),
                        List.of("votes_0.csv", 6L, "more fields than the header names"),
                        List.of("votes_2.parquet", 2L, "missing Id"),
                        List.of("votes_4.json", 2L, "not a JSON object (found ubigint)")),
                rejects(raw));
        assertEquals("{\"Source\":5,\"Note\":3}", Warehouses.query(db,
                "SELECT unknown_fields FROM blog_analysis.ingestion_runs").getFirst().getFirst());
        assertEquals(5, summary.get("unknown_fields").get("Source").asLong(), result::toString);
        assertTrue(result.err().contains("ignored unknown fields Source (5 records), Note (3 records)"), result::toString);
        assertTrue(result.err().contains("passed over " + raw.resolve("README.txt")), result::toString);
        assertTrue(!result.err().contains(".partial.jsonl") && !result.err().contains("_SUCCESS"), result::toString);

        CliRunner.Result again = cli.run("ingest", "--db", db.toString(), raw.toString());
        assertEquals(ExitCodes.OK, again.exitCode(), again::toString);
        assertTrue(again.err().contains("read 0, inserted 0") && again.err().contains("skipped 5 unchanged"),
                "re-running on the same folder adds nothing: " + again);
    }

    @Test
    void aMissingRequiredFieldIsARejectWithAReasonAndExtraJsonFieldsAreCounted() throws Exception {
        Path noDates = dir.resolve("no-dates.csv");
        Files.writeString(noDates, "Id,PostId,VoteTypeId\n1,10,2\n2,10,2\n");
        Path extra = dir.resolve("extra.jsonl");
        Files.writeString(extra, String.join("\n",
                "{\"Id\": 3, \"PostId\": 30, \"VoteTypeId\": 2, \"CreationDate\": \"2020-01-01\", \"Score\": 5}",
                "{\"Id\": 4, \"PostId\": 40, \"VoteTypeId\": 2, \"CreationDate\": \"2020-01-01\", \"Score\": 1, "
                        + "\"Tags\": [\"a\"]}",
                "{\"Id\": 5, \"PostId\": 50, \"VoteTypeId\": 2, \"CreationDate\": \"2020-01-01\"}") + "\n");

        CliRunner.Result result = cli.run("ingest", "--db", db.toString(), "-v", noDates.toString(), extra.toString());

        assertEquals(ExitCodes.COMMITTED_WITH_REJECTS, result.exitCode(), result::toString);
        assertTrue(result.err().contains("staged " + extra.toAbsolutePath() + " (jsonl): all valid"),
                "extra fields do not send a file down the line-by-line path: " + result);
        assertEquals(List.of(List.of(3L), List.of(4L), List.of(5L)),
                Warehouses.query(db, "SELECT Id FROM blog_analysis.votes ORDER BY Id"));
        assertEquals(List.of(List.of(2L, "missing CreationDate"), List.of(3L, "missing CreationDate")),
                Warehouses.query(db, "SELECT line_number, reason FROM blog_analysis.rejected_votes ORDER BY 1"));
        assertTrue(result.err().contains("ignored unknown fields Score (2 records), Tags (1 record)"), result::toString);
        assertEquals("{\"Score\":2,\"Tags\":1}", Warehouses.query(db,
                "SELECT unknown_fields FROM blog_analysis.ingestion_runs").getFirst().getFirst());
    }

    @Test
    void parquetColumnsOfTheWrongTypeAreRejectsWithTheirRowNumbers() throws Exception {
        Path typed = dir.resolve("typed.parquet");
        copy("SELECT * FROM (VALUES ('1', 10, 2, '2020-01-01T00:00:00', NULL), ('abc', 20, 2, '2020-01-01T00:00:00', NULL), "
                + "('3', 30, 2, 'last tuesday', NULL), ('4', 40, 2, '2020-01-01T00:00:00', 2.5::DOUBLE)) "
                + "t(Id, PostId, VoteTypeId, CreationDate, BountyAmount)", typed, "FORMAT parquet");

        CliRunner.Result result = cli.run("ingest", "--db", db.toString(), typed.toString());

        assertEquals(ExitCodes.COMMITTED_WITH_REJECTS, result.exitCode(), result::toString);
        assertEquals(List.of(List.of(1L, 10L)), Warehouses.query(db, "SELECT Id, PostId FROM blog_analysis.votes"),
                "a whole number stored as text is still a whole number");
        assertEquals(List.of(
                        List.of(2L, "Id is not an integer: abc"),
                        List.of(3L, "CreationDate is not a valid timestamp: last tuesday"),
                        List.of(4L, "BountyAmount is not an integer: 2.5")),
                Warehouses.query(db, "SELECT line_number, reason FROM blog_analysis.rejected_votes ORDER BY 1"));
    }

    @Test
    void globsAreExpandedInPathOrderAndTheFormatCanBeGiven() throws Exception {
        Path day1 = Files.createDirectories(dir.resolve("landing/2024-01-02"));
        Path day2 = Files.createDirectories(dir.resolve("landing/2024-01-01"));
        Files.writeString(day1.resolve("a.csv"), HEADER + "\n1,10,2,2024-01-02T00:00:00\n");
        Files.writeString(day2.resolve("b.csv"), HEADER + "\n1,20,2,2024-01-01T00:00:00\n");
        Files.writeString(day2.resolve("c.jsonl"), vote(2, 30) + "\n");
        Path text = dir.resolve("votes.txt");
        Files.writeString(text, "PostId;Id\n");

        CliRunner.Result globbed = cli.run("ingest", "--db", db.toString(), "--format", "json",
                dir.resolve("landing") + "/**/*.csv");

        assertEquals(ExitCodes.OK, globbed.exitCode(), globbed::toString);
        assertEquals(List.of(List.of(1L, 20L)), Warehouses.query(db, "SELECT Id, PostId FROM blog_analysis.votes"),
                "2024-01-01/b.csv comes before 2024-01-02/a.csv, and only CSV files matched");

        CliRunner.Result unknown = cli.run("ingest", "--db", db.toString(), text.toString());
        assertEquals(ExitCodes.FAILURE, unknown.exitCode(), unknown::toString);
        assertEquals(1, unknown.err().lines().count(), unknown::toString);
        assertTrue(unknown.err().contains("cannot tell the format of " + text.toAbsolutePath())
                && unknown.err().contains("--input-format"), unknown::toString);

        Files.writeString(text, "PostId,Id,VoteTypeId,CreationDate\n40,3,2,2024-01-03T00:00:00\n");
        Path renamed = dir.resolve("votes.dat");
        Files.move(text, renamed);
        CliRunner.Result given = cli.run("ingest", "--db", db.toString(), "--input-format", "csv", renamed.toString());
        assertEquals(ExitCodes.OK, given.exitCode(), given::toString);
        assertEquals(1, Warehouses.count(db, "SELECT count(*) FROM blog_analysis.votes WHERE Id = 3 AND PostId = 40"));

        CliRunner.Result bogus = cli.run("ingest", "--db", db.toString(), "--input-format", "xml", renamed.toString());
        assertEquals(ExitCodes.USAGE, bogus.exitCode(), bogus::toString);
        assertTrue(bogus.err().contains("--input-format") && bogus.err().contains("'xml' is not a format"),
                bogus::toString);

        CliRunner.Result none = cli.run("ingest", "--db", db.toString(), dir.resolve("landing") + "/*/*.parquet");
        assertEquals(ExitCodes.FAILURE, none.exitCode(), none::toString);
        assertEquals(1, none.err().lines().count(), none::toString);
        assertTrue(none.err().contains("no input files match"), none::toString);

        Path empty = Files.createDirectory(dir.resolve("empty"));
        Files.writeString(empty.resolve("notes.md"), "nothing\n");
        CliRunner.Result nothing = cli.run("ingest", "--db", db.toString(), empty.toString());
        assertEquals(ExitCodes.FAILURE, nothing.exitCode(), nothing::toString);
        assertTrue(nothing.err().contains("no input files in directory " + empty), nothing::toString);
        assertEquals(2, Warehouses.count(db, "SELECT count(*) FROM blog_analysis.votes"), "nothing else was written");
    }

    @Test
    void aFileItsReaderCannotReadIsOneRejectAndTheOtherFilesStillLoad() throws Exception {
        Path broken = dir.resolve("broken.parquet");
        Files.write(broken, "PAR1 this is not really parquet PAR1".getBytes(StandardCharsets.US_ASCII));
        Path truncated = dir.resolve("truncated.json");
        Files.writeString(truncated, "[" + vote(2, 20) + ", {\"Id\": 3");
        Path good = dir.resolve("good.jsonl");
        Files.writeString(good, vote(1, 10) + "\n");
        Path wrapped = dir.resolve("wrapped.parquet.gz");
        Path parquet = dir.resolve("real.parquet");
        copy("SELECT 5::BIGINT AS Id, 50::BIGINT AS PostId, 2 AS VoteTypeId, TIMESTAMP '2020-01-01' AS CreationDate",
                parquet, "FORMAT parquet");
        gzip(wrapped, Files.readAllBytes(parquet));

        CliRunner.Result result = cli.run("ingest", "--db", db.toString(), broken.toString(), truncated.toString(),
                good.toString(), wrapped.toString(), good.toString());

        assertEquals(ExitCodes.COMMITTED_WITH_REJECTS, result.exitCode(), result::toString);
        assertEquals(List.of(List.of(1L)), Warehouses.query(db, "SELECT Id FROM blog_analysis.votes"));
        List<List<Object>> rejects = Warehouses.query(db,
                "SELECT source_file, line_number, reason FROM blog_analysis.rejected_votes ORDER BY source_file");
        assertEquals(3, rejects.size(), rejects::toString);
        assertEquals(broken.toAbsolutePath().toString(), rejects.get(0).get(0));
        assertEquals(0L, rejects.get(0).get(1), "line 0: the file as a whole");
        assertTrue(((String) rejects.get(0).get(2)).startsWith("cannot read the file as parquet: "), rejects::toString);
        assertTrue(((String) rejects.get(1).get(2)).startsWith("cannot read the file as json-array: "),
                rejects::toString);
        assertTrue(((String) rejects.get(2).get(2)).startsWith("cannot read the file as parquet+gzip: a gzip-compressed "
                + "Parquet file"), rejects::toString);
        assertTrue(result.err().startsWith("ingest run 1 succeeded_with_rejects: 4 files, read 4,"),
                "good.jsonl, given twice, is read once: " + result);
    }

    @Test
    void aCsvLineEndingInEmptyFieldsIsReadAsItsRecord() throws Exception {
        // docs/commands/ingest.md: DuckDB's reader drops empty trailing fields; an extra field with a value (even a
        // blank) is a reject.
        Path csv = dir.resolve("trailing.csv");
        Files.writeString(csv, "Id,PostId,VoteTypeId,CreationDate\n1,10,2,2022-01-02,\n2,x,2,2022-01-03,\n"
                + "3,30,2,2022-01-04,,\n4,40,2,2022-01-05,,x\n5,50,2,2022-01-06, \n");

        CliRunner.Result result = cli.run("ingest", "--db", db.toString(), csv.toString());

        assertEquals(ExitCodes.COMMITTED_WITH_REJECTS, result.exitCode(), result::toString);
        assertEquals(List.of(List.of(1L, 10L), List.of(3L, 30L)),
                Warehouses.query(db, "SELECT Id, PostId FROM blog_analysis.votes ORDER BY Id"));
        assertEquals(List.of(
                        List.of(3L, "PostId is not an integer: x",
                                "{\"Id\":\"2\",\"PostId\":\"x\",\"VoteTypeId\":\"2\",\"CreationDate\":\"2022-01-03\"}"),
                        List.of(5L, "more fields than the header names", "4,40,2,2022-01-05,,x"),
                        List.of(6L, "more fields than the header names", "5,50,2,2022-01-06, ")),
                Warehouses.query(db, "SELECT line_number, reason, raw FROM blog_analysis.rejected_votes "
                        + "ORDER BY line_number"));
    }

    @Test
    void aCsvFileWhoseHeaderIsNotUtf8IsOneRejectNotMisreadRecords() throws Exception {
        // DuckDB's CSV reader skips such a header, takes the names from a later line and returns that line as a record
        // too (found by fuzzing): the file is rejected as a whole, plain or gzip-compressed.
        byte[] header = "Id\u00acPostId,VoteTypeId,CreationDate\n".getBytes(StandardCharsets.ISO_8859_1);
        byte[] rows = "1,10,2,2022-01-02\n2,20,2,2022-01-03\n".getBytes(StandardCharsets.US_ASCII);
        byte[] content = new byte[header.length + rows.length];
        System.arraycopy(header, 0, content, 0, header.length);
        System.arraycopy(rows, 0, content, header.length, rows.length);
        Path csv = dir.resolve("latin1.csv");
        Files.write(csv, content);
        Path gzipped = dir.resolve("latin1.csv.gz");
        gzip(gzipped, content);
        Path good = dir.resolve("good.jsonl");
        Files.writeString(good, vote(3, 30) + "\n");

        CliRunner.Result result = cli.run("ingest", "--db", db.toString(), csv.toString(), gzipped.toString(),
                good.toString());

        assertEquals(ExitCodes.COMMITTED_WITH_REJECTS, result.exitCode(), result::toString);
        assertEquals(List.of(List.of(3L)), Warehouses.query(db, "SELECT Id FROM blog_analysis.votes"));
        List<List<Object>> rejects = Warehouses.query(db,
                "SELECT source_file, line_number, reason FROM blog_analysis.rejected_votes ORDER BY source_file");
        assertEquals(List.of(
                List.of(csv.toAbsolutePath().toString(), 0L,
                        "cannot read the file as csv: its header line is not valid UTF-8 (save the file as UTF-8)"),
                List.of(gzipped.toAbsolutePath().toString(), 0L,
                        "cannot read the file as csv+gzip: its header line is not valid UTF-8 (save the file as UTF-8)")),
                rejects);
    }

    private List<List<Object>> rejects(Path root) throws SQLException {
        return Warehouses.query(db, "SELECT source_file, line_number, reason FROM blog_analysis.rejected_votes "
                + "ORDER BY source_file, line_number").stream()
                .map(row -> List.<Object>of(root.relativize(Path.of((String) row.get(0))).toString(), row.get(1),
                        row.get(2)))
                .toList();
    }

    private static String vote(long id, long postId) {
        return "{\"Id\": " + id + ", \"PostId\": " + postId + ", \"VoteTypeId\": 2, \"CreationDate\": "
                + "\"2020-01-0" + (1 + id % 9) + "T00:00:00.000\"}";
    }

    private static void gzip(Path file, String text) throws IOException {
        gzip(file, text.getBytes(StandardCharsets.UTF_8));
    }

    private static void gzip(Path file, byte[] bytes) throws IOException {
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
            out.write(bytes);
        }
    }

    /** Writes the query's rows to the file with DuckDB's COPY and these options. */
    private static void copy(String query, Path file, String options) throws SQLException {
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:");
             PreparedStatement copy = connection.prepareStatement("COPY (" + query + ") TO '" + sqlText(file) + "' ("
                     + options + ")")) {
            copy.execute();
        }
    }

    private static String sqlText(Path file) {
        return file.toString().replace("'", "''");
    }
}
