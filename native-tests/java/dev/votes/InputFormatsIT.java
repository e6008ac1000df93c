package dev.votes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.votes.PackagedCli.Result;
import dev.votes.cli.exit.ExitCodes;

/**
 * The packaged CLI (native binary or runner jar) reads a landing zone of mixed formats: the readers DuckDB needs for
 * JSON, CSV, Parquet, gzip and zstd are all in the binary.
 */
class InputFormatsIT {

    @TempDir
    Path dir;

    @Test
    void aFolderOfTheRealDatasetInFiveFormatsLoadsInOneRun() throws Exception {
        Path raw = Files.createDirectory(dir.resolve("raw"));
        String dataset = PackagedCli.DATASET.toAbsolutePath().toString().replace("'", "''");
        // The real dataset split by Id into five files of five formats, by DuckDB itself.
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:");
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE v AS SELECT * FROM read_json('" + dataset + "', columns = {'Id': 'VARCHAR', "
                    + "'PostId': 'VARCHAR', 'VoteTypeId': 'VARCHAR', 'CreationDate': 'VARCHAR', 'UserId': 'VARCHAR', "
                    + "'BountyAmount': 'VARCHAR'})");
            String[][] parts = {
                    {"votes_0.csv", "FORMAT csv, HEADER true"},
                    {"votes_1.jsonl.zst", "FORMAT json, COMPRESSION zstd"},
                    {"votes_2.parquet", "FORMAT parquet"},
                    {"votes_3.tsv.gz", "FORMAT csv, HEADER true, DELIMITER E'\\t', COMPRESSION gzip"},
                    {"votes_4.json", "FORMAT json, ARRAY true"}};
            for (int part = 0; part < parts.length; part++) {
                statement.execute("COPY (SELECT * FROM v WHERE CAST(Id AS BIGINT) % 5 = " + part + ") TO '"
                        + raw.resolve(parts[part][0]).toString().replace("'", "''") + "' (" + parts[part][1] + ")");
            }
        }
        Path db = dir.resolve("warehouse.db");

        Result result = PackagedCli.run(dir, "ingest", "--db", db.toString(), "--format", "json", raw.toString());

        assertEquals(ExitCodes.OK, result.exitCode(), result::toString);
        JsonNode summary = new ObjectMapper().readTree(result.out());
        assertEquals(5, summary.get("files").size(), result::toString);
        assertEquals(40_299, summary.get("rows_inserted").asLong(), result::toString);
        assertEquals(40_299, Warehouses.count(db, "SELECT count(*) FROM blog_analysis.votes"));
        assertEquals(List.of(List.of("csv"), List.of("json-array"), List.of("jsonl+zstd"), List.of("parquet"),
                List.of("tsv+gzip")), Warehouses.query(db, "SELECT format FROM blog_analysis.ingested_files ORDER BY 1"));
        assertTrue(result.err().startsWith("ingest run 1 succeeded: 5 files, read 40299, inserted 40299"),
                result::toString);
    }

    @Test
    void compressedJsonLinesWithALoneCarriageReturnAndABadLineAreSplitAtLineFeedsAsTheJsonReaderSplitsThem()
            throws Exception {
        // The binary unpacks such a file to split its text at LF alone: gzip with the JDK's decoder, zstd with the
        // pure-Java one, which must work in the native image too.
        String vote = "{\"Id\":\"%d\",\"PostId\":\"1\",\r\"VoteTypeId\":\"2\",\"CreationDate\":\"2022-01-02T00:00:00\"}";
        String lines = vote.formatted(1) + "\r\n{broken\n" + vote.formatted(2) + "\n";
        Path gzip = dir.resolve("a.jsonl.gz");
        try (var out = new java.util.zip.GZIPOutputStream(Files.newOutputStream(gzip))) {
            out.write(lines.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        Path zstd = dir.resolve("b.jsonl.zst");
        try (var out = new io.airlift.compress.zstd.ZstdOutputStream(Files.newOutputStream(zstd))) {
            out.write(lines.replace("\"1\",\r", "\"1\", \r").replace(":\"1\",\"", ":\"11\",\"")
                    .replace(":\"2\",\"Post", ":\"12\",\"Post").getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        Path db = dir.resolve("warehouse.db");

        Result result = PackagedCli.run(dir, "ingest", "--db", db.toString(), gzip.toString(), zstd.toString());

        assertEquals(ExitCodes.COMMITTED_WITH_REJECTS, result.exitCode(), result::toString);
        // (On the JVM, JDK 24 and newer first warn once that the zstd decoder uses sun.misc.Unsafe; the binary not.)
        assertTrue(result.err().contains("ingest run 1 succeeded_with_rejects: 2 files, read 6, inserted 4, "
                + "duplicates 0, rejected 2"), result::toString);
        assertEquals(List.of(List.of("a.jsonl.gz", 2L), List.of("b.jsonl.zst", 2L)), Warehouses.query(db,
                "SELECT parse_filename(source_file), line_number FROM blog_analysis.rejected_votes ORDER BY 1"));
    }
}
