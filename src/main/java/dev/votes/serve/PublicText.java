package dev.votes.serve;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What an HTTP client may see of the server's file system: no absolute path. A file under the warehouse's directory is
 * named relative to it ({@code warehouse.db.uploads/votes.jsonl}), any other file by its name alone. The full paths
 * stay in the ledger and in the server's log.
 */
final class PublicText {

    /**
     * An absolute path in a message: a {@code /} (not {@code //}, as in a URL) at the start or after a space, quote,
     * bracket, {@code =}, {@code :} or {@code ,}, up to the next space, quote, bracket, comma or semicolon.
     */
    private static final String START = "(?<=^|[\\s'\"(\\[=:,])";
    private static final Pattern ABSOLUTE_PATH = Pattern.compile(START + "/(?!/)[^\\s'\"()\\[\\],;]+");

    private PublicText() {
    }

    /** A path as a client sees it: relative to {@code base} (the warehouse's directory) when under it, else its name. */
    static String path(String path, Path base) {
        if (path == null) {
            return null;
        }
        try {
            Path file = Path.of(path);
            if (!file.isAbsolute()) {
                return path;
            }
            file = file.normalize();
            if (base != null && file.startsWith(base) && !file.equals(base)) {
                return base.relativize(file).toString();
            }
            Path name = file.getFileName();
            return name == null ? "" : name.toString();
        } catch (InvalidPathException e) {
            return "";
        }
    }

    /**
     * A message with every absolute path in it made {@linkplain #path public}. The paths it knows (the warehouse's
     * directory and what is under it, which may hold spaces) first, then whatever else looks like one.
     */
    static String message(String message, Path base) {
        if (message == null) {
            return null;
        }
        String text = message;
        if (base != null && base.isAbsolute() && base.getNameCount() > 0) {
            text = Pattern.compile(START + Pattern.quote(base + "/")).matcher(text).replaceAll("");
        }
        Matcher matcher = ABSOLUTE_PATH.matcher(text);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            matcher.appendReplacement(out, Matcher.quoteReplacement(path(matcher.group(), base)));
        }
        matcher.appendTail(out);
        return out.toString();
    }
}
