package dev.votes.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.votes.cli.exit.ExitCodes;
import dev.votes.config.Environment;
import dev.votes.fetch.DatasetFetcher;

/**
 * The configuration file and the settings' precedence (flag, then env, then file, then the built-in default), through
 * the real main in-process: real files in a temporary working directory and home, the environment given to the
 * command line (a running JVM's own cannot be changed; ConfigFileIT uses a real one).
 */
class ConfigurationTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    Path work;
    Path home;

    @BeforeEach
    void directories() throws IOException {
        work = Files.createDirectories(dir.resolve("work"));
        home = Files.createDirectories(dir.resolve("home"));
    }

    // ---- precedence

    @Test
    void eachLayerBeatsTheOneBelowForTheWarehousePath() throws IOException {
        Run builtIn = run(env(), "config", "--format", "json");
        Files.writeString(work.resolve("votes.conf"), "# the team's warehouse\ndb = sub/file.db\n");
        Run file = run(env(), "runs");
        Run environment = run(env("VOTES_DB", dir.resolve("env.db").toString()), "runs");
        Run flag = run(env("VOTES_DB", dir.resolve("env.db").toString()), "runs", "--db", dir.resolve("flag.db").toString());

        assertEquals("warehouse.db", setting(builtIn, "db").get("value").asText());
        assertEquals("default", setting(builtIn, "db").get("source").asText());
        assertEquals(ExitCodes.FAILURE, file.exitCode(), file::toString);
        assertTrue(file.err().startsWith("votes: no warehouse at " + work.resolve("sub/file.db") + ":"),
                "a relative path in the file is relative to the file's directory: " + file);
        assertTrue(environment.err().startsWith("votes: no warehouse at " + dir.resolve("env.db") + ":"),
                environment::toString);
        assertTrue(flag.err().startsWith("votes: no warehouse at " + dir.resolve("flag.db") + ":"), flag::toString);
    }

    @Test
    void theOutputFormatOfTheDataCommandsComesFromEachLayer() throws Exception {
        Path db = dir.resolve("w.db");
        Run ingest = run(env(), "ingest", "--db", db.toString(), example().toString());
        Files.writeString(work.resolve("votes.conf"), "format = csv\n");

        Run file = run(env(), "runs", "--db", db.toString());
        Run environment = run(env("VOTES_FORMAT", "json"), "runs", "--db", db.toString());
        Run flag = run(env("VOTES_FORMAT", "json"), "runs", "--db", db.toString(), "--format", "markdown");
        Run none = run(env(), "runs", "--db", db.toString(), "--no-config");
        Run ingestAgain = run(env("VOTES_FORMAT", "json"), "ingest", "--db", db.toString(), example().toString());

        assertEquals(ExitCodes.OK, ingest.exitCode(), ingest::toString);
        assertEquals(ExitCodes.OK, file.exitCode(), file::toString);
        assertTrue(file.out().startsWith("run_id,"), file::toString);
        assertTrue(environment.out().startsWith("["), environment::toString);
        assertEquals(1, JSON.readTree(environment.out()).size(), environment::toString);
        assertTrue(flag.out().startsWith("| run_id"), flag::toString);
        assertTrue(none.out().strip().endsWith("(1 row)"), "the built-in table: " + none);
        assertEquals(ExitCodes.OK, ingestAgain.exitCode(), ingestAgain::toString);
        assertEquals("", ingestAgain.out(), "ingest prints its summary on stdout only for a --format flag");
    }

    @Test
    void theSettingsCommandShowsEachValueAndWhereItComesFrom() throws Exception {
        Path conf = Files.writeString(work.resolve("votes.conf"), """
                memory-limit = 2GB
                threads = 8
                # serve's own settings
                [serve]
                port = 9090
                max-upload = "200MB"
                """);

        Run json = run(env("VOTES_THREADS", "3", "VOTES_TOKEN", "s3cret-from-env"), "config", "--format", "json");
        Run table = run(env("VOTES_THREADS", "3", "VOTES_TOKEN", "s3cret-from-env"), "config");

        assertEquals(ExitCodes.OK, json.exitCode(), json::toString);
        assertEquals("", json.err());
        JsonNode first = JSON.readTree(json.out()).get(0);
        assertEquals("config", first.get("key").asText());
        assertEquals(conf.toString(), first.get("value").asText());
        assertEquals("working directory", first.get("source").asText());
        assertEquals(Map.of("value", "2GB", "source", conf + ":1", "option", "--memory-limit", "env",
                "VOTES_MEMORY_LIMIT"), fields(setting(json, "memory-limit")));
        assertEquals(Map.of("value", "3", "source", "env VOTES_THREADS", "option", "--threads", "env", "VOTES_THREADS"),
                fields(setting(json, "threads")), "env beats the file");
        assertEquals(Map.of("value", "9090", "source", conf + ":5", "option", "serve --port", "env", "VOTES_PORT"),
                fields(setting(json, "serve.port")));
        assertEquals("200MB", setting(json, "serve.max-upload").get("value").asText(), "quotes are not the value's");
        assertEquals(Map.of("value", "0", "source", "default", "option", "--wait", "env", "VOTES_WAIT"),
                fields(setting(json, "wait")));
        assertEquals("********", setting(json, "serve.token").get("value").asText());
        assertEquals("env VOTES_TOKEN", setting(json, "serve.token").get("source").asText());
        assertTrue(setting(json, "threads").has("value"));
        assertTrue(setting(json, "serve.bind").get("value").asText().equals("127.0.0.1"));
        assertFalse(json.out().contains("s3cret") || table.out().contains("s3cret"), "the token is never shown");
        List<String> lines = table.out().lines().toList();
        assertTrue(lines.getFirst().matches("key +value +source +option +env"), table::toString);
        assertTrue(lines.stream().anyMatch(line -> line.matches("memory-limit +2GB +" + conf + ":1 +--memory-limit "
                + "+VOTES_MEMORY_LIMIT")), table::toString);
        assertEquals("(17 rows)", lines.getLast(), "the file and 16 settings");
    }

    @Test
    void valuesAreTakenAsWrittenWithoutExpansion() throws IOException {
        Files.writeString(work.resolve("votes.conf"), "db = d$x${env:HOME}$$.db\n");

        Run runs = run(env(), "runs");

        assertTrue(runs.err().startsWith("votes: no warehouse at " + work.resolve("d$x${env:HOME}$$.db") + ":"),
                runs::toString);
    }

    @Test
    void helpShowsTheDefaultInEffect() throws IOException {
        Files.writeString(work.resolve("votes.conf"), "db = team.db\n");

        Run help = run(env(), "ingest", "--help");

        assertEquals(ExitCodes.OK, help.exitCode(), help::toString);
        assertTrue(help.out().replaceAll("\\s+", " ").contains("(default: " + work.resolve("team.db")), help::toString);
    }

    // ---- which file

    @Test
    void theWorkingDirectorysFileComesBeforeTheUsersAndTheUsersIsXdgOrHome() throws Exception {
        Path xdg = Files.createDirectories(dir.resolve("xdg/votes"));
        Files.writeString(xdg.resolve("config"), "db = from-xdg.db\n");
        Path dotConfig = Files.createDirectories(home.resolve(".config/votes"));
        Files.writeString(dotConfig.resolve("config"), "db = ~/from-home.db\n");

        Run viaXdg = run(env("XDG_CONFIG_HOME", dir.resolve("xdg").toString()), "config", "--format", "json");
        Run viaHome = run(env(), "config", "--format", "json");
        Run relativeXdg = run(env("XDG_CONFIG_HOME", "xdg"), "config", "--format", "json");
        Files.writeString(work.resolve("votes.conf"), "db = local.db\n");
        Run local = run(env("XDG_CONFIG_HOME", dir.resolve("xdg").toString()), "config", "--format", "json");

        assertEquals(List.of(xdg.resolve("config").toString(), "user config directory"), fileRow(viaXdg));
        assertEquals(xdg.resolve("from-xdg.db").toString(), setting(viaXdg, "db").get("value").asText());
        assertEquals(List.of(dotConfig.resolve("config").toString(), "user config directory"), fileRow(viaHome));
        assertEquals(home.resolve("from-home.db").toString(), setting(viaHome, "db").get("value").asText(),
                "~/ is the home directory");
        assertEquals(fileRow(viaHome), fileRow(relativeXdg), "a relative XDG_CONFIG_HOME is ignored");
        assertEquals(List.of(work.resolve("votes.conf").toString(), "working directory"), fileRow(local));
        assertEquals(work.resolve("local.db").toString(), setting(local, "db").get("value").asText());
    }

    @Test
    void aFileIsNamedByTheFlagOrTheEnvironmentAndNoneIsReadOnRequest() throws Exception {
        Files.writeString(work.resolve("votes.conf"), "db = local.db\n");
        Path named = Files.writeString(dir.resolve("named.conf"), "db = named.db\n");
        Path other = Files.writeString(dir.resolve("other.conf"), "db = other.db\n");

        Run byEnv = run(env("VOTES_CONFIG", named.toString()), "config", "--format", "json");
        Run byFlag = run(env("VOTES_CONFIG", named.toString()), "--config", other.toString(), "config", "--format",
                "json");
        Run byFlagAfter = run(env(), "config", "--config", "../other.conf", "--format", "json");
        Run none = run(env(), "config", "--no-config", "--format", "json");
        Run emptyEnv = run(env("VOTES_CONFIG", ""), "config", "--format", "json");
        Run missing = run(env(), "config", "--config", dir.resolve("absent.conf").toString());
        Run missingByEnv = run(env("VOTES_CONFIG", dir.resolve("absent.conf").toString()), "runs");
        Run both = run(env(), "--no-config", "config", "--config", other.toString());

        assertEquals(List.of(named.toString(), "env VOTES_CONFIG"), fileRow(byEnv));
        assertEquals(dir.resolve("named.db").toString(), setting(byEnv, "db").get("value").asText());
        assertEquals(List.of(other.toString(), "--config"), fileRow(byFlag), "the flag beats the env, before the command");
        assertEquals(List.of(other.toString(), "--config"), fileRow(byFlagAfter), "after it, relative to the working "
                + "directory");
        assertEquals("none (--no-config)", fileRow(none).get(1));
        assertNull(JSON.readTree(none.out()).get(0).get("value").textValue());
        assertEquals("warehouse.db", setting(none, "db").get("value").asText());
        assertEquals("none (env VOTES_CONFIG is empty)", fileRow(emptyEnv).get(1));
        assertEquals(ExitCodes.USAGE, missing.exitCode());
        assertEquals("votes: --config " + dir.resolve("absent.conf") + ": no such file (give an existing configuration "
                + "file, or --no-config for none)\n", missing.err());
        assertEquals(ExitCodes.USAGE, missingByEnv.exitCode());
        assertTrue(missingByEnv.err().startsWith("votes: env VOTES_CONFIG " + dir.resolve("absent.conf")
                + ": no such file"), missingByEnv::toString);
        assertEquals(ExitCodes.USAGE, both.exitCode());
        assertEquals("votes: --config " + other + " and --no-config: give one of them\n", both.err());
    }

    // ---- bad files

    /** A file's content, the line at fault, and what the one line says after the file and line. */
    static Stream<Arguments> badFiles() {
        return Stream.of(
                Arguments.of("db = a.db\nthreds = 4", 2,
                        "key 'threds': unknown key (did you mean 'threads'?)"),
                Arguments.of("colour = red", 1,
                        "key 'colour': unknown key (known keys: db, wait, memory-limit, threads, storage-version, earliest-date, "
                                + "progress, format, cache-dir, fetch-data.url, serve.bind, serve.port, serve.token, "
                                + "serve.max-upload, ingest.commit-every, ingest.staging)"),
                Arguments.of("memory-limit = 10MB", 1,
                        "key 'memory-limit': invalid value '10MB' (DuckDB needs at least 32MB)"),
                Arguments.of("wait = soon", 1,
                        "key 'wait': invalid value 'soon' (give a number of seconds >= 0, e.g. 30)"),
                Arguments.of("wait = -1", 1,
                        "key 'wait': -1.0 (give a number of seconds >= 0)"),
                Arguments.of("threads = 0", 1,
                        "key 'threads': invalid value '0' (give a number of threads from 1 to 1024)"),
                Arguments.of("progress = sometimes", 1,
                        "key 'progress': invalid value 'sometimes' (give one of auto, always, never)"),
                Arguments.of("format = yaml", 1,
                        "key 'format': invalid value 'yaml' (give one of table, csv, json, markdown)"),
                Arguments.of("earliest-date = 2008-13-01", 1,
                        "key 'earliest-date': '2008-13-01' is not a date (give yyyy-MM-dd, e.g. 2008-07-31)"),
                Arguments.of("storage-version = v9", 1,
                        "key 'storage-version': invalid value 'v9' (give v1.0.0, v1.2.0, v1.3.0, v1.4.0, v1.5.0, v2.0.0 or "
                                + "latest)"),
                Arguments.of("# comment\n\n[serve]\nport = 70000", 4,
                        "key 'serve.port': 70000 is not a port number 0..65535"),
                Arguments.of("[fetch-data]\nurl = ftp://example.com/x", 2,
                        "key 'fetch-data.url': invalid value 'ftp://example.com/x' (give an http or https URL, e.g. "
                                + DatasetFetcher.EXERCISE_DATA_URL + ")"),
                Arguments.of("db = a.db\ndb = b.db", 2,
                        "key 'db': given again (first on line 1): keep one"),
                Arguments.of("db =", 1,
                        "key 'db': no value (give one, or remove the line for the default)"),
                Arguments.of("just some words", 1,
                        "'just some words' is not 'key = value' (a line holds a setting, a [section] or a # comment; "
                                + "see 'votes config --help')"),
                Arguments.of("[server]\nport = 1", 1,
                        "'[server]' is not a known section (give [serve] or [fetch-data] or [ingest], or put the keys "
                                + "before any section)"));
    }

    @ParameterizedTest
    @MethodSource("badFiles")
    void aBadFileIsOneLineNamingTheFileTheLineAndTheKey(String content, int line, String what) throws IOException {
        Path conf = Files.writeString(work.resolve("votes.conf"), content + "\n");

        Run runs = run(env(), "runs", "--db", dir.resolve("w.db").toString());

        assertEquals(ExitCodes.USAGE, runs.exitCode(), runs::toString);
        assertEquals("", runs.out());
        assertEquals("votes: " + conf + ":" + line + ": " + what + "\n", runs.err());
    }

    @Test
    void aValueIsCheckedByTheRuleItsFlagIsCheckedBy() throws IOException {
        Run fromFlag = run(env(), "ingest", "--no-config", "--db", dir.resolve("w.db").toString(), "--memory-limit",
                "10MB");
        Files.writeString(work.resolve("votes.conf"), "memory-limit = 10MB\n");
        Run fromFile = run(env(), "ingest", "--db", dir.resolve("w.db").toString());

        String rule = "'10MB' (DuckDB needs at least 32MB)";
        assertTrue(fromFlag.err().contains("Invalid value for option '--memory-limit': " + rule), fromFlag::toString);
        assertTrue(fromFile.err().strip().endsWith("key 'memory-limit': invalid value " + rule), fromFile::toString);
    }

    @Test
    void aBadFileStopsEveryCommandButHelpAndVersion() throws IOException {
        Path conf = Files.writeString(work.resolve("votes.conf"), "wiat = 5\n");

        for (String[] args : List.of(new String[] {"runs", "--db", dir.resolve("w.db").toString()},
                new String[] {"completion"}, new String[] {"config"}, new String[] {"outliers", "--wait", "1"})) {
            Run run = run(env(), args);
            assertEquals(ExitCodes.USAGE, run.exitCode(), run::toString);
            assertEquals("votes: " + conf + ":1: key 'wiat': unknown key (did you mean 'wait'?)\n", run.err());
        }
        for (String[] args : List.of(new String[] {"--help"}, new String[] {"ingest", "--help"},
                new String[] {"help", "serve"}, new String[] {"--version"}, new String[] {"check", "-V"})) {
            Run run = run(env(), args);
            assertEquals(ExitCodes.OK, run.exitCode(), run::toString);
            assertEquals("", run.err(), run::toString);
        }
    }

    @Test
    void aFileThatIsNoTextOrNoFileIsOneLineToo() throws IOException {
        Files.write(work.resolve("votes.conf"), new byte[] {'d', 'b', '=', (byte) 0xff, '\n'});
        Run binary = run(env(), "config");
        Path directory = Files.createDirectories(dir.resolve("conf.d"));
        Run ofDirectory = run(env(), "config", "--config", directory.toString());

        assertEquals(ExitCodes.USAGE, binary.exitCode());
        assertEquals("votes: " + work.resolve("votes.conf") + ": not UTF-8 text (a configuration file is UTF-8 "
                + "key = value lines)\n", binary.err());
        assertEquals(ExitCodes.USAGE, ofDirectory.exitCode());
        assertEquals("votes: " + directory + ": is a directory (name a configuration file)\n", ofDirectory.err());
    }

    // ---- the token

    @Test
    void theTokenIsReadOnlyFromAFileNoOneElseMayRead() throws Exception {
        Path conf = Files.writeString(work.resolve("votes.conf"), "[serve]\ntoken = s3cret\n");
        Files.setPosixFilePermissions(conf, PosixFilePermissions.fromString("rw-r--r--"));
        Run readable = run(env(), "config");
        Files.setPosixFilePermissions(conf, PosixFilePermissions.fromString("rw-------"));
        Run private_ = run(env(), "config", "--format", "json");

        assertEquals(ExitCodes.USAGE, readable.exitCode());
        assertEquals("votes: " + conf + ":2: key 'serve.token': the file may be read or changed by others (rw-r--r--): "
                + "'chmod 600 " + conf + "', or give it in env VOTES_TOKEN\n", readable.err());
        assertEquals(ExitCodes.OK, private_.exitCode(), private_::toString);
        assertEquals(Map.of("value", "********", "source", conf + ":2", "option", "serve --token", "env",
                "VOTES_TOKEN"), fields(setting(private_, "serve.token")));
        assertFalse(private_.out().contains("s3cret"));
    }

    // ---- helpers

    private Map<String, String> env(String... pairs) {
        Map<String, String> env = new HashMap<>();
        env.put("HOME", home.toString());
        for (int i = 0; i < pairs.length; i += 2) {
            env.put(pairs[i], pairs[i + 1]);
        }
        return env;
    }

    private Run run(Map<String, String> env, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exitCode = VotesMain.run(new Environment(env, work), new PrintWriter(out, true), new PrintWriter(err, true),
                args);
        return new Run(exitCode, out.toString(), err.toString());
    }

    private static JsonNode setting(Run config, String key) {
        try {
            for (JsonNode row : JSON.readTree(config.out())) {
                if (row.get("key").asText().equals(key)) {
                    return row;
                }
            }
        } catch (IOException e) {
            throw new AssertionError(config.toString(), e);
        }
        throw new AssertionError("no " + key + " in " + config);
    }

    private static Map<String, String> fields(JsonNode row) {
        Map<String, String> fields = new LinkedHashMap<>();
        row.fields().forEachRemaining(field -> {
            if (!field.getKey().equals("key")) {
                fields.put(field.getKey(), field.getValue().asText());
            }
        });
        return fields;
    }

    private static List<String> fileRow(Run config) throws IOException {
        JsonNode row = JSON.readTree(config.out()).get(0);
        assertEquals("config", row.get("key").asText(), config::toString);
        return List.of(row.get("value").isNull() ? "" : row.get("value").asText(), row.get("source").asText());
    }

    private static Path example() throws URISyntaxException {
        return Path.of(ConfigurationTest.class.getResource("/example-votes.jsonl").toURI());
    }

    private record Run(int exitCode, String out, String err) {

        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }
}
