package dev.votes.config;

/**
 * A configuration file (or the choice of one) that cannot be used: its message is the one line after {@code votes: },
 * naming the file, the line and the key, and what to do.
 */
public final class SettingsProblem extends RuntimeException {

    public SettingsProblem(String message) {
        super(message);
    }
}
