package dev.votes;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.zip.GZIPOutputStream;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.votes.serve.ServeSettings;
import dev.votes.warehouse.EngineSettings;
import dev.votes.warehouse.StorageVersion;
import dev.votes.warehouse.WarehouseFile;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;

/**
 * The server creates the warehouse with its first upload, in the server's storage version (v1.0.0 unless told
 * otherwise). Reads while that first upload loads neither fail nor wait: every open of the server, the creating one
 * included, gives DuckDB the same settings, so they share one database instance.
 */
@QuarkusTest
class ServeStorageVersionTest {

    @Inject
    ServeSettings settings;

    @TempDir
    Path dir;

    @AfterEach
    void stopServing() {
        settings.configure(null, null);
    }

    @Test
    void theFirstUploadCreatesAV1WarehouseAndReadsDuringItNeverFail() throws Exception {
        Path db = dir.resolve("warehouse.db");
        settings.configure(WarehouseFile.of(db).with(EngineSettings.of(EngineSettings.DEFAULT_MEMORY_LIMIT, null)),
                null);
        Path big = dir.resolve("big.jsonl.gz");
        int rows = 300_000;
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(big))) {
            for (int id = 1; id <= rows; id++) {
                out.write((IngestCommandTest.vote(id) + "\n").getBytes(StandardCharsets.UTF_8));
            }
        }

        // Before there is a warehouse, a read is empty (and rest-assured is initialized before two threads use it).
        given().get("/api/runs").then().statusCode(200);
        assertTrue(Files.notExists(db));

        CompletableFuture<ExtractableResponse<Response>> ingest = CompletableFuture.supplyAsync(
                () -> given().multiPart("file", big.toFile()).post("/api/ingest").then().extract());
        List<Integer> statuses = new ArrayList<>();
        List<String> runs = new ArrayList<>();
        while (!ingest.isDone()) {
            ExtractableResponse<Response> read = given().get("/api/runs").then().extract();
            statuses.add(read.statusCode());
            runs.add(read.statusCode() == 200 ? read.jsonPath().getString("[0].status") : read.body().asString());
        }

        assertEquals(200, ingest.get().statusCode(), () -> ingest.join().body().asString());
        assertTrue(statuses.stream().allMatch(status -> status == 200), "every read during the first upload: " + runs);
        assertTrue(runs.contains("running"), "some reads ran while the new warehouse was loading: " + runs);
        assertEquals("v1.0.0+", Warehouses.storageVersion(db));
    }

    @Test
    void theServersStorageVersionIsTheOneItCreatesWarehousesIn() throws Exception {
        Path db = dir.resolve("latest.db");
        settings.configure(WarehouseFile.of(db).with(EngineSettings.of(EngineSettings.DEFAULT_MEMORY_LIMIT, null))
                .with(StorageVersion.LATEST), null);

        given().multiPart("file", IngestCommandTest.example().toFile()).post("/api/ingest").then().statusCode(200);

        assertEquals("v2.0.0+", Warehouses.storageVersion(db));
    }
}
