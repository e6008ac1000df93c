package dev.votes.common;

/** Shortening of others' messages to the one line the tool shows. */
public final class Text {

    private Text() {
    }

    /** The first non-blank line of a message; DuckDB's messages often carry a multi-line context block. */
    public static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        for (String line : message.split("\\R")) {
            if (!line.isBlank()) {
                return line.strip();
            }
        }
        return "";
    }
}
