package dev.votes.config;

import java.nio.file.Path;
import java.util.Map;

/**
 * What the settings are resolved against besides the command line: the environment variables and the working directory
 * (where {@code ./votes.conf} is looked for). The process's own in production; a test gives its own, since a running
 * JVM's environment cannot be changed.
 */
public record Environment(Map<String, String> variables, Path workingDirectory) {

    public Environment {
        variables = Map.copyOf(variables);
        workingDirectory = workingDirectory.toAbsolutePath();
    }

    /** This process's environment and working directory. */
    public static Environment current() {
        return new Environment(System.getenv(), Path.of("").toAbsolutePath());
    }

    /** The variable's value, or null when it is not set (set to the empty string is set). */
    public String get(String name) {
        return variables.get(name);
    }

    /** The home directory: {@code $HOME} when it is an absolute path, else the JVM's {@code user.home}; or null. */
    public Path home() {
        String home = variables.get("HOME");
        if (home != null && !home.isEmpty() && Path.of(home).isAbsolute()) {
            return Path.of(home);
        }
        String user = System.getProperty("user.home");
        return user == null || user.isEmpty() || !Path.of(user).isAbsolute() ? null : Path.of(user);
    }

    /**
     * The user's configuration file: {@code $XDG_CONFIG_HOME/votes/config} when that variable is an absolute path (the
     * XDG Base Directory rule: a relative one is ignored), else {@code ~/.config/votes/config}; null without a home.
     */
    public Path userConfigFile() {
        String xdg = variables.get("XDG_CONFIG_HOME");
        if (xdg != null && !xdg.isEmpty() && Path.of(xdg).isAbsolute()) {
            return Path.of(xdg, "votes", "config");
        }
        Path home = home();
        return home == null ? null : home.resolve(".config").resolve("votes").resolve("config");
    }
}
