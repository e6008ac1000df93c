package dev.votes;

import static dev.votes.IngestCommandTest.vote;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HexFormat;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.votes.cli.exit.ExitCodes;
import io.quarkus.test.junit.QuarkusTest;

/** The file ledger {@code blog_analysis.ingested_files}: unchanged files are skipped, changed ones read again. */
@QuarkusTest
class FileLedgerTest extends InProcessCommandTest {

    private final ObjectMapper json = new ObjectMapper();

    @Test
    void aSecondRunSkipsAnUnchangedFileAndReadsNothing() throws Exception {
        Path file = votes("votes.jsonl", 1, 2, 3);
        String path = file.toAbsolutePath().toString();
        cli.run("ingest", "--db", db.toString(), file.toString());

        CliRunner.Result second = cli.run("ingest", "--db", db.toString(), "--format", "json", file.toString());

        assertEquals(ExitCodes.OK, second.exitCode(), second::toString);
        assertEquals(1, second.err().lines().count(), second::toString);
        assertTrue(second.err().contains("ingest run 2 succeeded: 1 file, read 0, inserted 0, duplicates 0, rejected 0, "
                + "skipped 1 unchanged file(s) in "), second::toString);
        JsonNode summary = json.readTree(second.out());
        assertEquals(0, summary.get("rows_read").asLong());
        assertEquals(path, summary.get("files_skipped").get(0).asText());
        assertEquals(List.of(List.of(1L, "succeeded", 3L, "[]"), List.of(2L, "succeeded", 0L, "[" + path + "]")),
                Warehouses.query(db, "SELECT run_id, status, rows_read, files_skipped::VARCHAR "
                        + "FROM blog_analysis.ingestion_runs ORDER BY run_id"));
        assertEquals(List.of(List.of(path, Files.size(file), sha256(file), 1L)), Warehouses.query(db,
                "SELECT path, size, sha256, run_id FROM blog_analysis.ingested_files"));
    }

    @Test
    void forceReadsAnUnchangedFileAgainAndInsertsNothing() throws Exception {
        Path file = votes("votes.jsonl", 1, 2, 3);
        cli.run("ingest", "--db", db.toString(), file.toString());

        CliRunner.Result forced = cli.run("ingest", "--db", db.toString(), "--force", file.toString());

        assertEquals(ExitCodes.OK, forced.exitCode(), forced::toString);
        assertTrue(forced.err().contains("read 3, inserted 0, duplicates 3, rejected 0 in"), forced::toString);
        assertEquals(1, Warehouses.count(db, "SELECT count(*) FROM blog_analysis.ingested_files"),
                "the file keeps the row of the run that first read it");
    }

    @Test
    void aChangedFileIsReadAgainAndInsertsOnlyTheNewRow() throws Exception {
        Path file = votes("votes.jsonl", 1, 2, 3);
        cli.run("ingest", "--db", db.toString(), file.toString());
        Files.writeString(file, vote(4) + "\n", StandardOpenOption.APPEND);

        CliRunner.Result second = cli.run("ingest", "--db", db.toString(), file.toString());

        assertEquals(ExitCodes.OK, second.exitCode(), second::toString);
        assertTrue(second.err().contains("read 4, inserted 1, duplicates 3, rejected 0 in"), second::toString);
        assertEquals(List.of(List.of(1L), List.of(2L)), Warehouses.query(db,
                "SELECT run_id FROM blog_analysis.ingested_files ORDER BY run_id"));
        assertEquals(Files.size(file), Warehouses.count(db, "SELECT size FROM blog_analysis.ingested_files WHERE run_id = 2"));
        assertEquals(2, Warehouses.count(db, "SELECT count(DISTINCT sha256) FROM blog_analysis.ingested_files"));
        CliRunner.Result third = cli.run("ingest", "--db", db.toString(), file.toString());
        assertTrue(third.err().contains("skipped 1 unchanged file(s)"), "the new content is now known: " + third);
    }

    @Test
    void aFileRewrittenWithOtherBytesOfTheSameSizeIsReadAgain() throws Exception {
        Path file = votes("votes.jsonl", 1, 2, 3);
        cli.run("ingest", "--db", db.toString(), file.toString());
        long size = Files.size(file);
        votes("votes.jsonl", 4, 5, 6);
        assertEquals(size, Files.size(file), "the same path and size: only the SHA-256 tells the files apart");

        CliRunner.Result second = cli.run("ingest", "--db", db.toString(), file.toString());

        assertEquals(ExitCodes.OK, second.exitCode(), second::toString);
        assertTrue(second.err().contains("read 3, inserted 3, duplicates 0, rejected 0 in"), second::toString);
        assertEquals(2, Warehouses.count(db, "SELECT count(DISTINCT sha256) FROM blog_analysis.ingested_files"));
        CliRunner.Result third = cli.run("ingest", "--db", db.toString(), file.toString());
        assertTrue(third.err().contains("skipped 1 unchanged file(s)"), "the new content is now known: " + third);
    }

    @Test
    void onlyTheUnchangedFilesOfARunAreSkippedAndTheSameContentUnderAnotherPathIsRead() throws Exception {
        Path known = votes("known.jsonl", 1, 2);
        cli.run("ingest", "--db", db.toString(), known.toString());
        Path copy = dir.resolve("copy.jsonl");
        Files.copy(known, copy);
        Path fresh = votes("fresh.jsonl", 3);

        CliRunner.Result result = cli.run("ingest", "-v", "--db", db.toString(), "--format", "json", known.toString(),
                copy.toString(), fresh.toString());

        assertEquals(ExitCodes.OK, result.exitCode(), result::toString);
        JsonNode summary = json.readTree(result.out());
        assertEquals(3, summary.get("rows_read").asLong(), "copy.jsonl (2) and fresh.jsonl (1) are read");
        assertEquals(1, summary.get("rows_inserted").asLong());
        assertEquals(2, summary.get("duplicates_skipped").asLong());
        assertEquals(List.of(known.toAbsolutePath().toString()),
                List.of(summary.get("files_skipped").get(0).asText()));
        assertEquals(1, summary.get("files_skipped").size());
        assertTrue(result.err().contains("skipped " + known.toAbsolutePath() + ": unchanged since run 1"), result::toString);
        assertEquals(3, Warehouses.count(db, "SELECT count(*) FROM blog_analysis.ingested_files"));
    }

    @Test
    void theChecksPassAfterARunThatSkippedEverything() throws Exception {
        Path file = votes("votes.jsonl", 1, 2);
        cli.run("ingest", "--db", db.toString(), file.toString());
        cli.run("ingest", "--db", db.toString(), file.toString());
        cli.run("outliers", "--db", db.toString());

        CliRunner.Result check = cli.run("check", "--db", db.toString());

        assertEquals(ExitCodes.OK, check.exitCode(), check::toString);
        assertTrue(check.err().contains("0 failed, 0 warned"), check::toString);
    }

    @Test
    void aWarehouseFromBeforeTheFileLedgerIsUpgraded() throws Exception {
        Warehouses.execute(db, "CREATE SCHEMA blog_analysis",
                "CREATE TABLE blog_analysis.ingestion_runs (run_id BIGINT PRIMARY KEY, started_at TIMESTAMP NOT NULL, "
                        + "finished_at TIMESTAMP, status VARCHAR NOT NULL, files VARCHAR[] NOT NULL, rows_read BIGINT, "
                        + "rows_inserted BIGINT, duplicates_skipped BIGINT, rows_rejected BIGINT, error VARCHAR, "
                        + "tool_version VARCHAR NOT NULL)",
                "INSERT INTO blog_analysis.ingestion_runs VALUES (7, TIMESTAMP '2026-01-01', TIMESTAMP '2026-01-01', "
                        + "'succeeded', ['old.jsonl'], 0, 0, 0, 0, NULL, 'old')",
                "CREATE SEQUENCE blog_analysis.ingestion_run_id START 8");

        CliRunner.Result result = cli.run("ingest", "--db", db.toString(), votes("votes.jsonl", 1).toString());

        assertEquals(ExitCodes.OK, result.exitCode(), result::toString);
        assertEquals(List.of(List.of(7L, true), List.of(8L, false)), Warehouses.query(db,
                "SELECT run_id, files_skipped IS NULL FROM blog_analysis.ingestion_runs ORDER BY run_id"));
    }

    private Path votes(String name, long... ids) throws Exception {
        StringBuilder lines = new StringBuilder();
        for (long id : ids) {
            lines.append(vote(id)).append('\n');
        }
        return Files.writeString(dir.resolve(name), lines);
    }

    private static String sha256(Path file) throws Exception {
        return HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                .digest(Files.readAllBytes(file)));
    }
}
