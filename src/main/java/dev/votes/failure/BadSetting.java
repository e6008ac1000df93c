package dev.votes.failure;

/** A setting read from the environment has a value that cannot be used; {@link #variable} names it. */
public final class BadSetting extends VotesFailure {

    private final String variable;

    /** {@code problem} says what is wrong with the value and what to give; the message names the variable first. */
    public BadSetting(String variable, String problem) {
        super("env " + variable + ": " + problem, null);
        this.variable = variable;
    }

    public String variable() {
        return variable;
    }
}
