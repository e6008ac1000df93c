package dev.votes;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Headless Chromium driven through the DevTools protocol over the JDK's own HTTP client and WebSocket: no Selenium, no
 * driver binary. The browser is Debian's {@code chromium} ({@code bin/install-test-browser} installs it), or the one
 * {@code VOTES_CHROMIUM} names. When neither is there, the test runs {@code bin/install-test-browser} itself (so
 * {@code ./mvnw verify} on a fresh machine installs what it needs); if that cannot install it, the test fails with the
 * instruction. It never skips.
 */
final class Chromium implements AutoCloseable {

    static final String INSTALL_HINT = "bin/install-test-browser";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Process process;
    private final Path profile;
    private final WebSocket socket;
    private final AtomicLong ids = new AtomicLong();
    private final Map<Long, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();

    private Chromium(Process process, Path profile, WebSocket socket) {
        this.process = process;
        this.profile = profile;
        this.socket = socket;
    }

    /** The browser's executable (installed on first use when missing), or a failed test naming the install script. */
    static synchronized Path executable() {
        String configured = System.getenv("VOTES_CHROMIUM");
        boolean isConfigured = configured != null && !configured.isBlank();
        Path browser = Path.of(isConfigured ? configured : "/usr/bin/chromium");
        if (!isConfigured && !Files.isExecutable(browser)) {
            install();
        }
        if (!Files.isExecutable(browser)) {
            fail("Chromium is missing (" + browser + "): the end-to-end test of 'votes serve' needs it. Run "
                    + INSTALL_HINT + " (installs Debian's chromium with apt-get, as root or through sudo), or set "
                    + "VOTES_CHROMIUM to a Chromium executable.");
        }
        return browser;
    }

    /** Runs the project's install script, its output going to the build's output. */
    private static void install() {
        try {
            Process script = new ProcessBuilder("bash", INSTALL_HINT).inheritIO().start();
            if (!script.waitFor(15, java.util.concurrent.TimeUnit.MINUTES)) {
                script.destroyForcibly();
            }
        } catch (IOException e) {
            // the check that follows fails the test with the instruction
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Starts a headless browser with a fresh profile and connects to its first page. */
    static Chromium start(int width, int height) throws Exception {
        Path profile = Files.createTempDirectory("votes-chromium-");
        Process process = new ProcessBuilder(executable().toString(),
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--no-proxy-server", "--hide-scrollbars", "--user-data-dir=" + profile,
                "--remote-debugging-port=0", "--window-size=" + width + "," + height, "about:blank")
                .redirectErrorStream(true)
                .redirectOutput(profile.resolve("chromium.log").toFile())
                .start();
        Path activePort = profile.resolve("DevToolsActivePort");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!Files.exists(activePort) || Files.readAllLines(activePort).size() < 2) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                String log = Files.exists(profile.resolve("chromium.log"))
                        ? Files.readString(profile.resolve("chromium.log")) : "";
                process.destroyForcibly();
                fail("Chromium did not start its DevTools endpoint: " + log);
            }
            Thread.sleep(50);
        }
        int port = Integer.parseInt(Files.readAllLines(activePort).getFirst().strip());
        HttpClient http = HttpClient.newBuilder().proxy(HttpClient.Builder.NO_PROXY).build();
        String pageSocket = null;
        while (pageSocket == null) {
            JsonNode targets = JSON.readTree(http.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/json/list")).build(),
                    HttpResponse.BodyHandlers.ofString()).body());
            for (JsonNode target : targets) {
                if ("page".equals(target.path("type").asText())) {
                    pageSocket = target.path("webSocketDebuggerUrl").asText();
                }
            }
            if (pageSocket == null) {
                Thread.sleep(50);
            }
        }
        Chromium[] self = new Chromium[1];
        WebSocket socket = http.newWebSocketBuilder().buildAsync(URI.create(pageSocket), new WebSocket.Listener() {
            private final StringBuilder message = new StringBuilder();

            @Override
            public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                message.append(data);
                if (last) {
                    self[0].received(message.toString());
                    message.setLength(0);
                }
                webSocket.request(1);
                return null;
            }
        }).get(30, TimeUnit.SECONDS);
        self[0] = new Chromium(process, profile, socket);
        return self[0];
    }

    private void received(String text) {
        try {
            JsonNode message = JSON.readTree(text);
            if (message.has("id")) {
                CompletableFuture<JsonNode> answer = pending.remove(message.get("id").asLong());
                if (answer != null) {
                    answer.complete(message);
                }
            }
        } catch (IOException e) {
            // not a protocol message
        }
    }

    /** Sends a DevTools command and returns its {@code result}; a protocol error fails the test. */
    JsonNode send(String method, Map<String, Object> params) throws Exception {
        long id = ids.incrementAndGet();
        CompletableFuture<JsonNode> answer = new CompletableFuture<>();
        pending.put(id, answer);
        socket.sendText(JSON.writeValueAsString(Map.of("id", id, "method", method, "params", params)), true)
                .get(30, TimeUnit.SECONDS);
        JsonNode message = answer.get(60, TimeUnit.SECONDS);
        if (message.has("error")) {
            fail(method + " failed: " + message.get("error"));
        }
        return message.get("result");
    }

    /** The value of a JavaScript expression in the page (awaited when it is a promise). */
    JsonNode evaluate(String expression) throws Exception {
        JsonNode result = send("Runtime.evaluate", Map.of("expression", expression, "returnByValue", true,
                "awaitPromise", true));
        if (result.has("exceptionDetails")) {
            fail("page script failed: " + result.get("exceptionDetails"));
        }
        return result.path("result").path("value");
    }

    /** Waits until the expression is true in the page. */
    void waitFor(String expression, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!evaluate(expression).asBoolean(false)) {
            if (System.nanoTime() > deadline) {
                fail("timed out after " + timeout + " waiting for: " + expression + "; page text: "
                        + evaluate("document.body ? document.body.innerText : ''").asText());
            }
            Thread.sleep(100);
        }
    }

    /** Gives a file input the files, as a user choosing them would. */
    void setFiles(String selector, List<Path> files) throws Exception {
        long root = send("DOM.getDocument", Map.of()).path("root").path("nodeId").asLong();
        long input = send("DOM.querySelector", Map.of("nodeId", root, "selector", selector)).path("nodeId").asLong();
        send("DOM.setFileInputFiles", Map.of("nodeId", input,
                "files", files.stream().map(file -> file.toAbsolutePath().toString()).toList()));
    }

    /** A PNG of the whole page. */
    byte[] screenshot() throws Exception {
        String data = send("Page.captureScreenshot", Map.of("format", "png", "captureBeyondViewport", true))
                .path("data").asText();
        return java.util.Base64.getDecoder().decode(data);
    }

    @Override
    public void close() throws Exception {
        socket.abort();
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
        try (var files = Files.walk(profile)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }
}
