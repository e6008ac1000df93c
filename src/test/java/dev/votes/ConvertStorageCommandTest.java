package dev.votes;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.votes.cli.exit.ExitCodes;
import io.quarkus.test.junit.QuarkusTest;

/**
 * {@code votes convert-storage} in-process, on real DuckDB files: a warehouse in DuckDB 2.0's own format (made with
 * {@code --storage-version latest}) with runs, rejects, the file ledger and the view becomes a v1.0.0 warehouse equal
 * in every table and view, whose sequence continues; failures leave the original byte for byte as it was; a busy
 * warehouse is exit 4; what is not a regular file is refused.
 */
@QuarkusTest
class ConvertStorageCommandTest extends InProcessCommandTest {

    private static final List<String> TABLES = List.of("votes", "rejected_votes", "ingestion_runs", "ingested_files",
            "weekly_vote_counts");

    @Test
    void aV2WarehouseWithRunsRejectsAndFilesBecomesV1WithEveryRowAndTheSequenceContinues() throws Exception {
        latestWarehouseWithRunsRejectsFilesAndTheView();
        assertEquals("v2.0.0+", Warehouses.storageVersion(db));
        Path before = Files.copy(db, dir.resolve("before.db"));
        Files.setPosixFilePermissions(db, PosixFilePermissions.fromString("rw-r-----"));
        long rows = 0;
        for (String table : TABLES) {
            rows += Warehouses.count(db, "SELECT count(*) FROM blog_analysis." + table);
        }

        CliRunner.Result result = cli.run("convert-storage", "-v", "--db", db.toString(), "--format", "json");

        assertEquals(ExitCodes.OK, result.exitCode(), result::toString);
        String line = result.err().strip().lines().reduce((first, second) -> second).orElseThrow();
        assertTrue(line.matches(java.util.regex.Pattern.quote("converted " + db + " from storage version v2.0.0 to "
                + "storage version v1.0.0 (DuckDB 1.0.0 or newer opens it): 5 tables with " + rows + " rows, 1 view, "
                + "1 sequence, in ") + "\\d+\\.\\d\\d s"), result::toString);
        JsonNode summary = new ObjectMapper().readTree(result.out());
        assertEquals("v2.0.0", summary.get("from").asText());
        assertEquals("v1.0.0", summary.get("to").asText());
        assertEquals("1.0.0", summary.get("oldest_duckdb").asText());
        assertTrue(summary.get("converted").asBoolean());
        assertTrue(result.err().contains("checked the copy: the same catalog, and the same rows in every table (5) "
                + "and view (1), " + rows + " rows in all"), result::toString);

        assertEquals("v1.0.0+", Warehouses.storageVersion(db));
        assertEquals(64, Warehouses.formatNumber(db));
        assertEquals("rw-r-----", PosixFilePermissions.toString(Files.getPosixFilePermissions(db)));
        assertEquals(List.of(), leftovers());
        for (String table : TABLES) {
            assertSameRows(before, db, "blog_analysis." + table);
        }
        assertSameRows(before, db, "blog_analysis.outlier_weeks");
        String comments = "SELECT table_name, column_name, comment FROM duckdb_columns() WHERE comment IS NOT NULL "
                + "UNION ALL SELECT table_name, NULL, comment FROM duckdb_tables() WHERE comment IS NOT NULL "
                + "UNION ALL SELECT view_name, NULL, comment FROM duckdb_views() WHERE comment IS NOT NULL ORDER BY ALL";
        assertTrue(Warehouses.query(before, comments).contains(List.of("votes", "Id", "the vote's Id")));
        assertEquals(Warehouses.query(before, comments), Warehouses.query(db, comments), "the comments came along");
        assertEquals(List.of(List.of("weekly_vote_counts", "PRIMARY KEY(\"Year\", WeekNumber)"),
                        List.of("ingestion_runs", "PRIMARY KEY(run_id)"),
                        List.of("ingested_files", "PRIMARY KEY(path, sha256)")),
                Warehouses.query(db, "SELECT table_name, constraint_text FROM duckdb_constraints() "
                        + "WHERE constraint_type = 'PRIMARY KEY' ORDER BY table_name = 'ingested_files', "
                        + "table_name = 'ingestion_runs', table_name"), "the primary keys came along");
        assertEquals(List.of(List.of("blog_analysis", "ingestion_run_id", 4L)), Warehouses.query(db,
                "SELECT schema_name, sequence_name, coalesce(last_value + increment_by, start_value) "
                        + "FROM duckdb_sequences()"), "the sequence gives 4 next");

        CliRunner.Result check = cli.run("check", "--db", db.toString(), "--format", "json");
        assertEquals(ExitCodes.OK, check.exitCode(), check::toString);
        JsonNode report = new ObjectMapper().readTree(check.out());
        assertEquals("v1.0.0", report.get("storage_version").asText());
        for (JsonNode outcome : report.get("checks")) {
            String expected = outcome.get("check").asText().equals("rejects") ? "WARN" : "PASS";
            assertEquals(expected, outcome.get("status").asText(), outcome::toString);
        }

        Path next = dir.resolve("next.jsonl");
        Files.writeString(next, IngestCommandTest.vote(900_000_001) + "\n");
        CliRunner.Result ingest = cli.run("ingest", "--db", db.toString(), "--format", "json", next.toString());
        assertEquals(ExitCodes.OK, ingest.exitCode(), ingest::toString);
        assertEquals(4, new ObjectMapper().readTree(ingest.out()).get("run_id").asLong(),
                "the next run continues the sequence (runs 1 to 3 were made before the conversion)");
        assertEquals("v1.0.0+", Warehouses.storageVersion(db), "the converted warehouse stays v1.0.0");
        assertThrows(SQLException.class, () -> Warehouses.execute(db,
                "INSERT INTO blog_analysis.ingestion_runs SELECT * FROM blog_analysis.ingestion_runs LIMIT 1"),
                "the primary keys hold");
    }

    @Test
    void convertingToEachVersionAndBackToLatestKeepsTheRows() throws Exception {
        latestWarehouseWithRunsRejectsFilesAndTheView();
        Path before = Files.copy(db, dir.resolve("before.db"));

        for (String version : new String[] {"v1.3.0", "v1.5.0", "v1.0.0", "latest"}) {
            CliRunner.Result result = cli.run("convert-storage", "--storage-version", version, "--db", db.toString());

            assertEquals(ExitCodes.OK, result.exitCode(), result::toString);
            String expected = version.equals("latest") ? "v2.0.0" : version;
            assertEquals(expected + "+", Warehouses.storageVersion(db), result::toString);
            for (String table : TABLES) {
                assertSameRows(before, db, "blog_analysis." + table);
            }
            assertSameRows(before, db, "blog_analysis.outlier_weeks");
        }
        assertEquals(List.of(), leftovers());
    }

    @Test
    void aWarehouseAlreadyInTheVersionIsLeftAloneByteForByte() throws Exception {
        assertEquals(ExitCodes.OK, cli.run("ingest", "--db", db.toString(), IngestCommandTest.example().toString())
                .exitCode());
        byte[] before = sha256(db);
        long modified = Files.getLastModifiedTime(db).toMillis();

        CliRunner.Result result = cli.run("convert-storage", "--db", db.toString(), "--format", "json");

        assertEquals(ExitCodes.OK, result.exitCode(), result::toString);
        assertEquals(List.of(db + " is already in storage version v1.0.0 (DuckDB 1.0.0 or newer opens it): nothing was "
                + "done"), result.err().lines().toList());
        assertFalse(new ObjectMapper().readTree(result.out()).get("converted").asBoolean());
        assertArrayEquals(before, sha256(db));
        assertEquals(modified, Files.getLastModifiedTime(db).toMillis());
        assertEquals(List.of(), leftovers());
    }

    @Test
    void aFailureInTheMiddleOfTheCopyLeavesTheOriginalByteForByteAndNoCopy() throws Exception {
        latestWarehouseWithRunsRejectsFilesAndTheView();
        // A column type the older format cannot hold: DuckDB refuses it while the copy is being written, after the
        // tables before it were copied.
        Warehouses.execute(db, "CREATE TABLE blog_analysis.zz_notes (note VARIANT)",
                "INSERT INTO blog_analysis.zz_notes VALUES (42::VARIANT)", "CHECKPOINT");
        byte[] before = sha256(db);

        CliRunner.Result result = cli.run("convert-storage", "--db", db.toString());

        assertEquals(ExitCodes.FAILURE, result.exitCode(), result::toString);
        assertEquals(1, result.err().lines().count(), result::toString);
        assertTrue(result.err().startsWith("votes: convert-storage failed, " + db + " was left as it was: "),
                result::toString);
        assertTrue(result.err().contains("VARIANT columns are not supported in storage versions prior to v1.5.0"),
                result::toString);
        assertArrayEquals(before, sha256(db), "the original is byte for byte as it was");
        assertEquals("v2.0.0+", Warehouses.storageVersion(db));
        assertEquals(List.of(), leftovers(), "the partial copy was deleted");

        CliRunner.Result toV15 = cli.run("convert-storage", "--storage-version", "v1.5.0", "--db", db.toString());
        assertEquals(ExitCodes.OK, toV15.exitCode(), toV15::toString);
        assertEquals("v1.5.0+", Warehouses.storageVersion(db), "v1.5.0 holds VARIANT");
        assertEquals(1, Warehouses.count(db, "SELECT count(*) FROM blog_analysis.zz_notes"));
    }

    @Test
    void aCopyLeftByAKilledRunIsDeletedByTheNextRun() throws Exception {
        latestWarehouseWithRunsRejectsFilesAndTheView();
        Path copy = dir.resolve(".warehouse.db.convert-storage");
        Files.writeString(copy, "half a copy");
        Files.writeString(dir.resolve(".warehouse.db.convert-storage.wal"), "its log");

        CliRunner.Result result = cli.run("convert-storage", "-v", "--db", db.toString());

        assertEquals(ExitCodes.OK, result.exitCode(), result::toString);
        assertTrue(result.err().contains("deleted " + copy + ", left by an earlier convert-storage that was stopped"),
                result::toString);
        assertEquals("v1.0.0+", Warehouses.storageVersion(db));
        assertEquals(List.of(), leftovers());
    }

    @Test
    void aWarehouseLockedByAnotherProcessIsExit4AndNothingIsTouched() throws Exception {
        latestWarehouseWithRunsRejectsFilesAndTheView();
        // Another conversion's copy would be in use by the lock holder: it must not be deleted.
        Path copy = Files.writeString(dir.resolve(".warehouse.db.convert-storage"), "someone else's");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process holder = new ProcessBuilder(java, "--enable-native-access=ALL-UNNAMED", "-cp",
                System.getProperty("java.class.path") + File.pathSeparator, LockHolder.class.getName(), db.toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        CliRunner.Result atOnce;
        CliRunner.Result waited;
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8));
            assertEquals("locked", out.readLine());

            atOnce = cli.run("convert-storage", "--db", db.toString());
            waited = cli.run("convert-storage", "--wait", "0.3", "--db", db.toString());
        } finally {
            holder.getOutputStream().close();
            holder.waitFor();
        }

        assertEquals(ExitCodes.WAREHOUSE_BUSY, atOnce.exitCode(), atOnce::toString);
        assertEquals(1, atOnce.err().lines().count(), atOnce::toString);
        assertTrue(atOnce.err().startsWith("votes: warehouse " + db + " is busy: process " + holder.pid() + " ("),
                atOnce::toString);
        assertTrue(atOnce.err().strip().endsWith(" holds its lock; nothing was done (retry later, or pass --wait "
                + "SECONDS to wait for it)"), atOnce::toString);
        assertEquals(ExitCodes.WAREHOUSE_BUSY, waited.exitCode(), waited::toString);
        assertTrue(waited.err().contains("still holds its lock after waiting 0.3 s; nothing was done"), waited::toString);
        assertEquals("someone else's", Files.readString(copy));
        assertEquals("v2.0.0+", Warehouses.storageVersion(db));

        Files.delete(copy);
        CliRunner.Result free = cli.run("convert-storage", "--wait", "5", "--db", db.toString());
        assertEquals(ExitCodes.OK, free.exitCode(), free::toString);
        assertEquals("v1.0.0+", Warehouses.storageVersion(db));
    }

    @Test
    void whatIsNotARegularWarehouseFileIsRefusedAndLeftAlone() throws Exception {
        latestWarehouseWithRunsRejectsFilesAndTheView();
        Path link = Files.createSymbolicLink(dir.resolve("link.db"), db);
        Path directory = Files.createDirectory(dir.resolve("directory.db"));
        Path text = Files.writeString(dir.resolve("text.db"), "not a DuckDB file");
        Path missing = dir.resolve("missing.db");
        byte[] before = sha256(db);

        CliRunner.Result viaLink = cli.run("convert-storage", "--db", link.toString());
        CliRunner.Result ofDirectory = cli.run("convert-storage", "--db", directory.toString());
        CliRunner.Result ofText = cli.run("convert-storage", "--db", text.toString());
        CliRunner.Result ofMissing = cli.run("convert-storage", "--db", missing.toString());

        for (CliRunner.Result refused : List.of(viaLink, ofDirectory, ofText, ofMissing)) {
            assertEquals(ExitCodes.FAILURE, refused.exitCode(), refused::toString);
            assertEquals(1, refused.err().lines().count(), refused::toString);
            assertEquals("", refused.out(), refused::toString);
        }
        assertEquals("votes: refusing to convert " + link + ": it is a symbolic link, and the converted file would "
                + "replace the link (pass --db " + db.toRealPath() + ")", viaLink.err().strip());
        assertEquals("votes: refusing to convert " + directory + ": it is a directory, not a warehouse file",
                ofDirectory.err().strip());
        assertTrue(ofText.err().startsWith("votes: cannot open warehouse " + text + ": "), ofText::toString);
        assertEquals("votes: no warehouse at " + missing + ": pass the warehouse to convert with --db PATH (env "
                + "VOTES_DB)", ofMissing.err().strip());
        assertTrue(Files.isSymbolicLink(link));
        assertArrayEquals(before, sha256(db));
        assertEquals("not a DuckDB file", Files.readString(text));
        assertFalse(Files.exists(missing));
        assertEquals(List.of(), leftovers());
    }

    /**
     * A warehouse in DuckDB 2.0's format: run 1 the example, run 2 a file with rejects, run 3 the real dataset (with
     * duplicates of run 1), and the outlier view; three files in the file ledger; comments on a table and a column.
     */
    private void latestWarehouseWithRunsRejectsFilesAndTheView() throws Exception {
        assertEquals(ExitCodes.OK, cli.run("ingest", "--storage-version", "latest", "--db", db.toString(),
                IngestCommandTest.example().toString()).exitCode());
        Path bad = dir.resolve("bad.jsonl");
        Files.writeString(bad, IngestCommandTest.vote(800_000_001) + "\nnot json\n{\"Id\":\"x\"}\n");
        assertEquals(ExitCodes.COMMITTED_WITH_REJECTS, cli.run("ingest", "--db", db.toString(), bad.toString())
                .exitCode());
        assertEquals(ExitCodes.OK, cli.run("ingest", "--db", db.toString(), RealDatasetTest.DATASET.toString())
                .exitCode());
        assertEquals(ExitCodes.OK, cli.run("outliers", "--db", db.toString()).exitCode());
        Warehouses.execute(db, "COMMENT ON TABLE blog_analysis.votes IS 'the votes'",
                "COMMENT ON COLUMN blog_analysis.votes.Id IS 'the vote''s Id'");
        assertEquals(2, Warehouses.count(db, "SELECT count(*) FROM blog_analysis.rejected_votes"));
        assertEquals(3, Warehouses.count(db, "SELECT count(*) FROM blog_analysis.ingested_files"));
    }

    /** The relation holds the same rows in both files: nothing in one that is not in the other (EXCEPT ALL both ways). */
    private static void assertSameRows(Path expected, Path actual, String relation) throws SQLException {
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:");
             Statement statement = connection.createStatement()) {
            statement.execute("ATTACH '" + expected.toString().replace("'", "''") + "' AS expected (READ_ONLY)");
            statement.execute("ATTACH '" + actual.toString().replace("'", "''") + "' AS actual (READ_ONLY)");
            long rows = single(statement, "SELECT count(*) FROM expected." + relation);
            assertTrue(rows > 0, relation + " has rows to compare");
            assertEquals(rows, single(statement, "SELECT count(*) FROM actual." + relation), relation);
            assertEquals(0, single(statement, "SELECT count(*) FROM (SELECT * FROM expected." + relation
                    + " EXCEPT ALL SELECT * FROM actual." + relation + ")"), relation + ": rows lost");
            assertEquals(0, single(statement, "SELECT count(*) FROM (SELECT * FROM actual." + relation
                    + " EXCEPT ALL SELECT * FROM expected." + relation + ")"), relation + ": rows added or changed");
        }
    }

    private static long single(Statement statement, String sql) throws SQLException {
        try (ResultSet result = statement.executeQuery(sql)) {
            result.next();
            return result.getLong(1);
        }
    }

    /** Files of a conversion left in the test's directory (its copy, a log, a creation's temporary file). */
    private List<String> leftovers() throws Exception {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(file -> file.getFileName().toString())
                    .filter(name -> name.contains("convert-storage") || name.contains(".create-") || name.endsWith(".wal")
                            || name.endsWith(".tmp"))
                    .sorted().toList();
        }
    }

    private static byte[] sha256(Path file) throws Exception {
        return MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file));
    }
}
