package dev.votes;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import dev.votes.serve.ServeSettings;
import dev.votes.warehouse.EngineSettings;
import dev.votes.warehouse.WarehouseFile;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The page of {@code votes serve} end to end in headless Chromium: the example file is uploaded through the page's
 * form, and the chart then highlights its six outlier weeks. Keeps a screenshot ({@code -Dvotes.screenshot=PATH},
 * default {@code target/serve-page.png}; docs/commands/serve.md shows {@code docs/serve.png}).
 */
@QuarkusTest
class ServePageBrowserTest {

    static final List<String> EXAMPLE_OUTLIER_WEEKS =
            List.of("2022-W00", "2022-W01", "2022-W02", "2022-W05", "2022-W06", "2022-W08");

    @Inject
    ServeSettings settings;

    @TestHTTPResource("/")
    URL page;

    @TempDir
    Path dir;

    @BeforeEach
    void serveAFreshWarehouse() {
        settings.configure(WarehouseFile.of(dir.resolve("warehouse.db"))
                .with(EngineSettings.of(EngineSettings.DEFAULT_MEMORY_LIMIT, null)), null);
    }

    @AfterEach
    void stopServing() {
        settings.configure(null, null);
    }

    @Test
    void uploadingTheExampleThroughThePageHighlightsItsSixOutlierWeeks() throws Exception {
        try (Chromium browser = Chromium.start(1200, 1000)) {
            browser.send("Page.navigate", Map.of("url", page.toString()));
            browser.waitFor("document.body && document.body.dataset.loaded === 'true'", Duration.ofSeconds(30));
            assertEquals("0", browser.evaluate("document.getElementById('chart').dataset.weeks").asText());

            browser.setFiles("#files", List.of(IngestCommandTest.example()));
            browser.evaluate("document.getElementById('upload-button').click(); true");
            browser.waitFor("document.getElementById('upload-result').dataset.status !== undefined"
                    + " && document.getElementById('chart').dataset.weeks !== '0'", Duration.ofSeconds(60));

            assertEquals("200", browser.evaluate("document.getElementById('upload-result').dataset.status").asText(),
                    browser.evaluate("document.getElementById('upload-result').textContent").asText());
            JsonNode highlighted = browser.evaluate("Array.from(document.querySelectorAll('#chart rect.bar.outlier'))"
                    + ".map(bar => bar.dataset.week)");
            assertEquals(EXAMPLE_OUTLIER_WEEKS, JsonList.strings(highlighted));
            assertEquals(9, browser.evaluate("document.querySelectorAll('#chart rect.bar').length").asInt(),
                    "every week is a bar");
            assertEquals(EXAMPLE_OUTLIER_WEEKS, JsonList.strings(browser.evaluate(
                    "Array.from(document.querySelectorAll('#outlier-list li')).map(item => item.dataset.week)")));
            assertEquals(1, browser.evaluate("document.querySelectorAll('#runs tbody tr').length").asInt());

            Path screenshot = Path.of(System.getProperty("votes.screenshot", "target/serve-page.png"));
            if (screenshot.getParent() != null) {
                Files.createDirectories(screenshot.getParent());
            }
            Files.write(screenshot, browser.screenshot());
        }
    }

    @Test
    void aPageOfAnotherOriginCannotWriteThoughTheBrowserSendsItsRequest() throws Exception {
        // The same server under its other name is another origin (and another site) to the browser.
        String other = page.toString().contains("localhost") ? page.toString().replace("localhost", "127.0.0.1")
                : page.toString().replace("127.0.0.1", "localhost");
        String upload = "(async target => { const form = new FormData();"
                + " form.append('file', new Blob([" + new com.fasterxml.jackson.databind.ObjectMapper()
                .writeValueAsString(IngestCommandTest.vote(1) + "\n") + "]), 'forged.jsonl');"
                + " const answer = await fetch(target, {method: 'POST', body: form, mode: 'no-cors'});"
                + " return answer.type === 'opaque' ? 'opaque' : String(answer.status); })";
        try (Chromium browser = Chromium.start(800, 600)) {
            browser.send("Page.navigate", Map.of("url", other));
            browser.waitFor("document.body && document.body.dataset.loaded === 'true'", Duration.ofSeconds(30));

            // multipart/form-data is a "simple" request: the browser sends it without asking first; only the server
            // can refuse it, and the page cannot even read the answer.
            assertEquals("opaque", browser.evaluate(upload + "('" + page + "api/ingest')").asText());
            io.restassured.RestAssured.given().get("/api/runs").then().statusCode(200)
                    .body("$", org.hamcrest.Matchers.hasSize(0));

            browser.send("Page.navigate", Map.of("url", page.toString()));
            browser.waitFor("document.body && document.body.dataset.loaded === 'true'", Duration.ofSeconds(30));
            assertEquals("200", browser.evaluate(upload + "('/api/ingest')").asText(), "the page's own origin may");
            io.restassured.RestAssured.given().get("/api/runs").then().statusCode(200)
                    .body("$", org.hamcrest.Matchers.hasSize(1));
        }
    }

    /** JSON arrays of strings as lists. */
    static final class JsonList {
        static List<String> strings(JsonNode array) {
            List<String> values = new java.util.ArrayList<>();
            array.forEach(value -> values.add(value.asText()));
            return values;
        }
    }
}
