package dev.votes.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.votes.common.Progress;
import dev.votes.failure.BadInput;

/**
 * Where {@link StagingArea} puts a run's staged rows, on a real DuckDB connection: {@code auto} takes a file only when
 * the input would stage more than the memory limit holds; a file is created beside the warehouse and gone after close;
 * something in the way of the file that is not a regular file is refused, never written over.
 */
class StagingAreaTest {

    private static final long MB = 1_000_000;

    @TempDir
    Path dir;

    @BeforeAll
    static void loadDriver() throws ClassNotFoundException {
        Class.forName("org.duckdb.DuckDBDriver");
    }

    @Test
    void theEstimateFollowsTheFormatAndCompression() {
        assertEquals(50 * MB, StagingArea.estimatedStagedBytes(List.of(input(100 * MB, InputFormat.JSONL,
                Compression.NONE))));
        assertEquals(300 * MB, StagingArea.estimatedStagedBytes(List.of(input(100 * MB, InputFormat.JSONL,
                Compression.GZIP))), "a compressed file holds about six times the records for its size");
        assertEquals(140 * MB, StagingArea.estimatedStagedBytes(List.of(input(100 * MB, InputFormat.CSV,
                Compression.NONE), input(10 * MB, InputFormat.PARQUET, Compression.NONE))));
    }

    @Test
    void autoStagesOnDiskOnlyWhenTheInputWouldNotFitTheMemoryLimit() throws Exception {
        Path warehouse = dir.resolve("w.db");
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:" + warehouse)) {
            execute(connection, "SET memory_limit = '100MB'");

            assertFalse(onDisk(connection, warehouse, StagingPlace.auto, input(150 * MB, InputFormat.JSONL,
                    Compression.NONE)), "75 MB staged fits in 100 MB");
            assertTrue(onDisk(connection, warehouse, StagingPlace.auto, input(250 * MB, InputFormat.JSONL,
                    Compression.NONE)), "125 MB staged does not");
            assertTrue(onDisk(connection, warehouse, StagingPlace.auto, input(40 * MB, InputFormat.JSONL,
                    Compression.ZSTD)));
            assertTrue(onDisk(connection, warehouse, StagingPlace.disk, input(1, InputFormat.JSONL, Compression.NONE)));
            assertFalse(onDisk(connection, warehouse, StagingPlace.memory, input(10_000 * MB, InputFormat.JSONL,
                    Compression.NONE)));
        }
    }

    @Test
    void aStagingFileLivesBesideTheWarehouseUntilClosed() throws Exception {
        Path warehouse = dir.resolve("w.db");
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:" + warehouse)) {
            List<Path> during;
            try (StagingArea area = StagingArea.attach(connection, warehouse, StagingPlace.disk, List.of(),
                    Progress.QUIET)) {
                execute(connection, "CREATE TABLE \"votes.staging\".main.t AS SELECT range AS x FROM range(1000)");
                during = stagingFiles().stream()
                        .filter(file -> file.getFileName().toString().endsWith(".duckdb")).toList();
                assertTrue(area.onDisk());
            }
            assertEquals(1, during.size(), during::toString);
            assertTrue(during.getFirst().getFileName().toString().matches(
                    "\\.w\\.db\\.staging-" + ProcessHandle.current().pid() + "-\\d+\\.duckdb"), during::toString);
            assertEquals(List.of(), stagingFiles(), "closed: the file and its log are removed");
            // Detached: the next run attaches afresh under the same name.
            try (StagingArea area = StagingArea.attach(connection, warehouse, StagingPlace.memory, List.of(),
                    Progress.QUIET)) {
                execute(connection, "CREATE TABLE \"votes.staging\".main.t (x INTEGER)");
                assertFalse(area.onDisk());
            }
        }
    }

    @Test
    void somethingInTheWayOfTheStagingFileThatIsNotARegularFileIsNeverWrittenOver() throws Exception {
        Path warehouse = dir.resolve("w.db");
        Path victim = Files.writeString(dir.resolve("victim.txt"), "keep me");
        int next = StagingArea.nextFileNumber();
        long pid = ProcessHandle.current().pid();
        for (int number = next; number < next + 3; number++) {
            Files.createSymbolicLink(dir.resolve(".w.db.staging-" + pid + "-" + number + ".duckdb"), victim);
        }
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:" + warehouse)) {
            BadInput refused = assertThrows(BadInput.class, () -> StagingArea.attach(connection, warehouse,
                    StagingPlace.disk, List.of(), Progress.QUIET));
            assertTrue(refused.getMessage().contains("is not a regular file; remove it (or use --staging memory); nothing was loaded"),
                    refused::getMessage);
        }
        assertEquals("keep me", Files.readString(victim));
        assertTrue(Files.isSymbolicLink(dir.resolve(".w.db.staging-" + pid + "-" + next + ".duckdb")));
    }

    private static boolean onDisk(Connection connection, Path warehouse, StagingPlace place, InputFile input)
            throws SQLException {
        try (StagingArea area = StagingArea.attach(connection, warehouse, place, List.of(input), Progress.QUIET)) {
            return area.onDisk();
        }
    }

    private List<Path> stagingFiles() throws Exception {
        try (var files = Files.list(dir)) {
            return files.filter(file -> file.getFileName().toString().contains(".staging-")).toList();
        }
    }

    private static InputFile input(long size, InputFormat format, Compression compression) {
        return new InputFile("/data/votes", size, null, format, compression, null);
    }

    private static void execute(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
