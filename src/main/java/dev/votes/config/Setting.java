package dev.votes.config;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

import dev.votes.common.OutputFormat;
import dev.votes.common.PlausibleDates;
import dev.votes.common.Progress;
import dev.votes.fetch.FetchRequest;
import dev.votes.ingest.CommitSteps;
import dev.votes.ingest.StagingPlace;
import dev.votes.serve.Listener;
import dev.votes.warehouse.EngineSettings;
import dev.votes.warehouse.StorageVersion;
import dev.votes.warehouse.WarehouseFile;

/**
 * The one table of settings: each option that takes its default from the environment or the configuration file, with
 * its file key and its environment variable, and how a value is checked (by the same rule the option's own value is
 * checked by). {@link SettingsProvider} resolves every option by it, {@code votes config} prints it, and a test holds
 * the code's {@code VOTES_*} variables and docs/configuration.md to it.
 */
public enum Setting {

    DB("db", "--db", "VOTES_DB", Kind.PATH, Set.of(), Setting::path),
    WAIT("wait", "--wait", "VOTES_WAIT", Kind.PLAIN, Set.of(), value -> {
        double seconds;
        try {
            seconds = Double.parseDouble(value.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + value + "' (give a number of seconds >= 0, e.g. 30)");
        }
        WarehouseFile.waitBudget(seconds);
    }),
    MEMORY_LIMIT("memory-limit", "--memory-limit", "VOTES_MEMORY_LIMIT", Kind.PLAIN, Set.of(),
            EngineSettings::memoryLimit),
    THREADS("threads", "--threads", "VOTES_THREADS", Kind.PLAIN, Set.of(), value -> {
        try {
            EngineSettings.threads(Integer.valueOf(value.strip()));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + value + "' (give a number of threads from 1 to "
                    + EngineSettings.MAX_THREADS + ")");
        }
    }),
    STORAGE_VERSION("storage-version", "--storage-version", "VOTES_STORAGE_VERSION", Kind.PLAIN, Set.of(),
            StorageVersion::parse),
    EARLIEST_DATE("earliest-date", "--earliest-date", PlausibleDates.ENV, Kind.PLAIN, Set.of(), PlausibleDates::parse),
    PROGRESS("progress", "--progress", "VOTES_PROGRESS", Kind.PLAIN, Set.of(),
            value -> constant(Progress.When.values(), value)),
    /** Only where the data is the output; ingest, fetch-data and convert-storage print a summary only for a flag. */
    FORMAT("format", "--format", "VOTES_FORMAT", Kind.PLAIN,
            Set.of("outliers", "runs", "rejects", "check", "export", "config"),
            value -> constant(OutputFormat.values(), value)),
    /** DuckDbLibrary reads VOTES_CACHE_DIR itself (and names it in its messages); the provider gives only the file's. */
    CACHE_DIR("cache-dir", "--cache-dir", "VOTES_CACHE_DIR", Kind.PATH, Set.of(), Setting::path),
    FETCH_URL("fetch-data.url", "--url", "VOTES_DATA_URL", Kind.PLAIN, Set.of("fetch-data"), FetchRequest::httpUrl),
    SERVE_BIND("serve.bind", "--bind", "VOTES_BIND", Kind.PLAIN, Set.of(Listener.COMMAND), value -> {
        if (value.isBlank()) {
            throw new IllegalArgumentException("'' (give an address, e.g. 127.0.0.1)");
        }
    }),
    SERVE_PORT("serve.port", "--port", "VOTES_PORT", Kind.PLAIN, Set.of(Listener.COMMAND), Listener::port),
    SERVE_TOKEN("serve.token", "--token", Listener.TOKEN_ENVIRONMENT, Kind.SECRET, Set.of(Listener.COMMAND),
            value -> {
            }),
    SERVE_MAX_UPLOAD("serve.max-upload", "--max-upload", "VOTES_MAX_UPLOAD", Kind.PLAIN, Set.of(Listener.COMMAND),
            Listener::bytes),
    COMMIT_EVERY("ingest.commit-every", "--commit-every", "VOTES_COMMIT_EVERY", Kind.PLAIN, Set.of("ingest"),
            CommitSteps::parse),
    STAGING("ingest.staging", "--staging", "VOTES_STAGING", Kind.PLAIN, Set.of("ingest"), StagingPlace::parse);

    /** How a value is read from the file and shown. */
    public enum Kind {
        PLAIN,
        /** A path: relative to the configuration file's directory, {@code ~/} the home directory. */
        PATH,
        /** Shown masked; in a file only when no one else may read the file. */
        SECRET
    }

    /** The file's section names: a key {@code k} under {@code [serve]} is {@code serve.k}. */
    public static final List<String> SECTIONS = List.of("serve", "fetch-data", "ingest");

    private final String key;
    private final String option;
    private final String environment;
    private final Kind kind;
    private final Set<String> commands;
    private final Consumer<String> check;

    Setting(String key, String option, String environment, Kind kind, Set<String> commands, Consumer<String> check) {
        this.key = key;
        this.option = option;
        this.environment = environment;
        this.kind = kind;
        this.commands = commands;
        this.check = check;
    }

    /** The file key, e.g. {@code db} or {@code serve.port}. */
    public String key() {
        return key;
    }

    /** The long option, e.g. {@code --db}. */
    public String option() {
        return option;
    }

    /** The environment variable, e.g. {@code VOTES_DB}. */
    public String environment() {
        return environment;
    }

    public Kind kind() {
        return kind;
    }

    /** Whether this setting gives the default of {@code option} in the command named {@code command}. */
    public boolean appliesTo(String option, String command) {
        return this.option.equals(option) && (commands.isEmpty() || commands.contains(command));
    }

    /** The commands the setting is limited to; empty: every command with the option. */
    public Set<String> commands() {
        return commands;
    }

    /** Checks a value by the option's own rule; throws {@link IllegalArgumentException} saying what to give. */
    public void check(String value) {
        check.accept(value);
    }

    /** The setting with this file key, or null. */
    public static Setting forKey(String key) {
        return Arrays.stream(values()).filter(setting -> setting.key.equals(key)).findFirst().orElse(null);
    }

    /** The setting that gives {@code option}'s default in {@code command}, or null. */
    public static Setting forOption(String option, String command) {
        return Arrays.stream(values()).filter(setting -> setting.appliesTo(option, command)).findFirst().orElse(null);
    }

    private static void path(String value) {
        try {
            Path.of(value);
        } catch (InvalidPathException e) {
            throw new IllegalArgumentException("'" + value + "' (not a path: " + e.getReason() + ")");
        }
    }

    /** One of the constants by its exact name, as picocli reads the option. */
    private static void constant(Enum<?>[] constants, String value) {
        if (Arrays.stream(constants).noneMatch(constant -> constant.name().equals(value))) {
            String names = String.join(", ", Arrays.stream(constants).map(Enum::name).toList());
            throw new IllegalArgumentException("'" + value + "' (give one of " + names + ")");
        }
    }
}
