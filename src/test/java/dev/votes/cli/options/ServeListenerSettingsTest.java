package dev.votes.cli.options;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.votes.config.Environment;
import dev.votes.serve.Listener;

/**
 * The listener of {@code votes serve} is configured before Quarkus starts, from the raw arguments: what no flag gives
 * comes from the environment, then the configuration file, as picocli's defaults do. The properties it sets are
 * this JVM's; each test puts them back.
 */
class ServeListenerSettingsTest {

    private static final List<String> PROPERTIES = List.of("quarkus.http.port", "quarkus.http.host",
            "quarkus.http.limits.max-body-size", "quarkus.http.body.uploads-directory", "quarkus.http.host-enabled");

    @TempDir
    Path dir;

    private final Map<String, String> saved = new HashMap<>();

    @BeforeEach
    void save() {
        PROPERTIES.forEach(name -> saved.put(name, System.getProperty(name)));
        PROPERTIES.forEach(System::clearProperty);
    }

    @AfterEach
    void restore() {
        saved.forEach((name, value) -> {
            if (value == null) {
                System.clearProperty(name);
            } else {
                System.setProperty(name, value);
            }
        });
    }

    @Test
    void theFileGivesWhatNoFlagOrVariableGives() throws Exception {
        Path conf = dir.resolve("votes.conf");
        Files.writeString(conf, "[serve]\nport = 9123\nbind = 0.0.0.0\nmax-upload = 5MB\ntoken = t\n");
        Files.setPosixFilePermissions(conf, PosixFilePermissions.fromString("rw-------"));

        ServeOptions.configureHttp(environment(Map.of("VOTES_MAX_UPLOAD", "7MB")), "serve", "--port", "9124");

        assertNull(System.getProperty("quarkus.http.host-enabled"), "the listener is on");
        assertEquals("9124", System.getProperty("quarkus.http.port"), "the flag beats the file");
        assertEquals("0.0.0.0", System.getProperty("quarkus.http.host"), "from the file, allowed by the file's token");
        assertEquals("7000000", System.getProperty("quarkus.http.limits.max-body-size"), "the env beats the file");
    }

    @Test
    void aFileNamedBeforeTheCommandCountsAndABadFileLeavesTheListenerOff() throws Exception {
        Path named = Files.writeString(dir.resolve("named.conf"), "[serve]\nport = 9125\n");
        Files.writeString(dir.resolve("votes.conf"), "[serve]\nport = many\n");

        assertTrue(ServeOptions.isServe("--config", named.toString(), "serve"));
        assertTrue(ServeOptions.isServe("--no-config", "--cache-dir=/tmp", "serve", "--port", "1"));
        assertFalse(ServeOptions.isServe("--config", "serve", "runs"));
        ServeOptions.configureHttp(environment(Map.of()), "--config", named.toString(), "serve");
        assertEquals("9125", System.getProperty("quarkus.http.port"));
        assertEquals("127.0.0.1", System.getProperty("quarkus.http.host"));

        PROPERTIES.forEach(System::clearProperty);
        ServeOptions.configureHttp(environment(Map.of()), "serve");
        assertEquals("false", System.getProperty("quarkus.http.host-enabled"), "picocli reports the file's fault");

        PROPERTIES.forEach(System::clearProperty);
        ServeOptions.configureHttp(environment(Map.of()), "serve", "--no-config");
        assertNull(System.getProperty("quarkus.http.host-enabled"));
        assertEquals(String.valueOf(Listener.DEFAULT_PORT), System.getProperty("quarkus.http.port"));
    }

    @Test
    void anAddressBeyondThisMachineNeedsATokenFromSomeLayer() throws Exception {
        Files.writeString(dir.resolve("votes.conf"), "[serve]\nbind = 0.0.0.0\n");

        ServeOptions.configureHttp(environment(Map.of()), "serve");
        assertEquals("false", System.getProperty("quarkus.http.host-enabled"));

        PROPERTIES.forEach(System::clearProperty);
        ServeOptions.configureHttp(environment(Map.of("VOTES_TOKEN", "t")), "serve");
        assertNull(System.getProperty("quarkus.http.host-enabled"));
        assertEquals("0.0.0.0", System.getProperty("quarkus.http.host"));
    }

    private Environment environment(Map<String, String> variables) {
        Map<String, String> all = new HashMap<>(variables);
        all.put("HOME", dir.resolve("home").toString());
        return new Environment(all, dir);
    }
}
