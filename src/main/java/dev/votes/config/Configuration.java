package dev.votes.config;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * The settings below the command line: which configuration file is read (at most one), and each setting's value from
 * the environment or that file. A flag beats both; the option's built-in default comes last.
 *
 * <p>Which file: none with {@code --no-config}; else the file {@code --config FILE} names; else the one env
 * {@code VOTES_CONFIG} names (set but empty: none); else the first that exists of {@code ./votes.conf} and
 * {@link Environment#userConfigFile()}. A file named by {@code --config} or {@code VOTES_CONFIG} must exist.
 */
public final class Configuration {

    public static final String ENVIRONMENT = "VOTES_CONFIG";
    public static final String FILE_NAME = "votes.conf";

    /** Where a value came from, as {@code votes config} shows it, and the value. */
    public record Resolved(String value, String source) {
    }

    private final Environment environment;
    private final SettingsFile file;
    private final String fileSource;

    private Configuration(Environment environment, SettingsFile file, String fileSource) {
        this.environment = environment;
        this.file = file;
        this.fileSource = fileSource;
    }

    /**
     * Finds and reads the configuration file.
     *
     * @param named the file {@code --config} names, or null
     * @param none  {@code --no-config}
     * @throws SettingsProblem when the file cannot be used
     */
    public static Configuration load(Path named, boolean none, Environment environment) {
        if (none && named != null) {
            throw new SettingsProblem("--config " + named + " and --no-config: give one of them");
        }
        if (none) {
            return new Configuration(environment, null, "none (--no-config)");
        }
        if (named != null) {
            return new Configuration(environment, read(environment.workingDirectory().resolve(named), "--config",
                    environment), "--config");
        }
        String fromEnvironment = environment.get(ENVIRONMENT);
        if (fromEnvironment != null) {
            if (fromEnvironment.isEmpty()) {
                return new Configuration(environment, null, "none (env " + ENVIRONMENT + " is empty)");
            }
            Path path;
            try {
                path = environment.workingDirectory().resolve(fromEnvironment);
            } catch (InvalidPathException e) {
                throw new SettingsProblem("env " + ENVIRONMENT + ": '" + fromEnvironment + "' is not a path");
            }
            return new Configuration(environment, read(path, "env " + ENVIRONMENT, environment), "env " + ENVIRONMENT);
        }
        Path local = environment.workingDirectory().resolve(FILE_NAME);
        if (Files.exists(local) || Files.isSymbolicLink(local)) {
            return new Configuration(environment, read(local, null, environment), "working directory");
        }
        Path user = environment.userConfigFile();
        if (user != null && (Files.exists(user) || Files.isSymbolicLink(user))) {
            return new Configuration(environment, read(user, null, environment), "user config directory");
        }
        return new Configuration(environment, null, "none found (./" + FILE_NAME
                + (user == null ? "" : ", " + user) + ")");
    }

    private static SettingsFile read(Path file, String namedBy, Environment environment) {
        if (namedBy != null && !Files.exists(file, LinkOption.NOFOLLOW_LINKS) && !Files.exists(file)) {
            throw new SettingsProblem(namedBy + " " + file + ": no such file (give an existing configuration file, "
                    + "or --no-config for none)");
        }
        return SettingsFile.read(file.toAbsolutePath().normalize(), environment.home());
    }

    /** The file read, or null. */
    public Path file() {
        return file == null ? null : file.file();
    }

    /** How the file was chosen, or why there is none: {@code --config}, {@code env VOTES_CONFIG}, ... */
    public String fileSource() {
        return fileSource;
    }

    /** The value from the environment (first) or the file, or null when neither gives one. */
    public Resolved resolve(Setting setting) {
        String fromEnvironment = environment.get(setting.environment());
        if (fromEnvironment != null) {
            return new Resolved(fromEnvironment, "env " + setting.environment());
        }
        SettingsFile.Entry entry = file == null ? null : file.entries().get(setting);
        return entry == null ? null : new Resolved(entry.value(), file.file() + ":" + entry.line());
    }

    /** The value from the environment or the file, else {@code fallback}. */
    public String valueOr(Setting setting, String fallback) {
        Resolved resolved = resolve(setting);
        return resolved == null ? fallback : resolved.value();
    }
}
