package dev.votes.warehouse;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The text of a statement file made ready for JDBC, by hand and at load time (no reflection, no code generation):
 * <ul>
 * <li>{@code :name} is a named parameter. It becomes DuckDB's {@code $n}, numbered by first appearance, so a name used
 * twice is one parameter bound once. {@code ::} (a cast) and {@code :=} are not parameters.</li>
 * <li>{@code {include folder/name}} is replaced by the text of {@code sql/folder/name.sql} (a fragment shared by several
 * statements), trailing white space cut; a fragment may include others, never itself.</li>
 * <li>Neither is looked for inside string literals ({@code '...'}, {@code E'...'}, {@code $tag$...$tag$}), quoted
 * identifiers ({@code "..."}) or comments ({@code --}, {@code /* *}{@code /}).</li>
 * <li>A positional parameter ({@code ?} or {@code $1}) is refused: a statement file names its parameters.</li>
 * </ul>
 * Everything else is kept as it is, comments included.
 *
 * @param jdbc       the text to prepare: parameters as {@code $1, $2, ...}, fragments included
 * @param parameters the parameter names, {@code parameters.get(n - 1)} being {@code $n}
 * @param includes   the fragments included, directly or not, in order of inclusion
 */
record SqlText(String jdbc, List<String> parameters, List<String> includes) {

    /**
     * Parses the statement {@code name} (e.g. {@code run_ledger/finish_ingestion_run}) whose file text {@code source}
     * gives; an unusable text is an {@link IllegalStateException} naming the file and the line.
     */
    static SqlText parse(String name, Function<String, String> source) {
        Parser parser = new Parser(source);
        parser.include(name);
        return new SqlText(parser.out.toString(), List.copyOf(parser.numbers.keySet()), List.copyOf(parser.included));
    }

    private static final String POSITIONAL = " (statement files name their parameters: :name)";

    private static final class Parser {

        private final Function<String, String> source;
        private final StringBuilder out = new StringBuilder();
        private final Map<String, Integer> numbers = new LinkedHashMap<>();
        private final List<String> included = new ArrayList<>();
        private final Deque<String> stack = new ArrayDeque<>();

        Parser(Function<String, String> source) {
            this.source = source;
        }

        void include(String name) {
            if (stack.contains(name)) {
                throw new IllegalStateException("sql/" + stack.peek() + ".sql includes " + name
                        + ", which includes it again");
            }
            if (!stack.isEmpty()) {
                included.add(name);
            }
            stack.push(name);
            String text = source.apply(name);
            scan(name, stack.size() == 1 ? text : text.stripTrailing());
            stack.pop();
        }

        private void scan(String name, String text) {
            int i = 0;
            int n = text.length();
            while (i < n) {
                char c = text.charAt(i);
                char next = i + 1 < n ? text.charAt(i + 1) : 0;
                int end;
                if (c == '-' && next == '-') {
                    end = text.indexOf('\n', i);
                    end = end < 0 ? n : end;
                } else if (c == '/' && next == '*') {
                    end = blockCommentEnd(name, text, i);
                } else if (c == '\'') {
                    boolean escapes = i > 0 && (text.charAt(i - 1) == 'E' || text.charAt(i - 1) == 'e')
                            && (i < 2 || !isIdentifierPart(text.charAt(i - 2)));
                    end = quotedEnd(name, text, i, '\'', escapes);
                } else if (c == '"') {
                    end = quotedEnd(name, text, i, '"', false);
                } else if (c == '$' && Character.isDigit(next)) {
                    throw refused(name, text, i, "a positional parameter $" + next + POSITIONAL);
                } else if (c == '?') {
                    throw refused(name, text, i, "a positional parameter ?" + POSITIONAL);
                } else if (c == '$' && (i == 0 || !isIdentifierPart(text.charAt(i - 1)))
                        && (next == '$' || isIdentifierStart(next))) {
                    end = dollarQuotedEnd(name, text, i);
                } else if (c == ':' && next == ':') {
                    end = i + 2;
                } else if (c == ':' && isIdentifierStart(next) && (i == 0 || text.charAt(i - 1) != ':')) {
                    end = i + 1;
                    while (end < n && isIdentifierPart(text.charAt(end))) {
                        end++;
                    }
                    String parameter = text.substring(i + 1, end);
                    Integer number = numbers.get(parameter);
                    if (number == null) {
                        number = numbers.size() + 1;
                        numbers.put(parameter, number);
                    }
                    out.append('$').append(number);
                    i = end;
                    continue;
                } else if (c == '{' && text.startsWith("{include ", i)) {
                    end = text.indexOf('}', i);
                    if (end < 0) {
                        throw refused(name, text, i, "an include without its '}'");
                    }
                    String fragment = text.substring(i + "{include ".length(), end).strip();
                    if (!fragment.matches("[a-z0-9_]+/[a-z0-9_]+")) {
                        throw refused(name, text, i, "an include of '" + fragment + "' (give folder/name)");
                    }
                    include(fragment);
                    i = end + 1;
                    continue;
                } else {
                    end = i + 1;
                }
                out.append(text, i, end);
                i = end;
            }
        }

        /** The end of a nested block comment starting at {@code start}. */
        private static int blockCommentEnd(String name, String text, int start) {
            int depth = 0;
            int i = start;
            while (i < text.length() - 1) {
                if (text.startsWith("/*", i)) {
                    depth++;
                    i += 2;
                } else if (text.startsWith("*/", i)) {
                    depth--;
                    i += 2;
                    if (depth == 0) {
                        return i;
                    }
                } else {
                    i++;
                }
            }
            throw refused(name, text, start, "a comment without its end");
        }

        /** The end of a literal or quoted identifier; the quote doubled, or after a backslash in E'...', is inside. */
        private static int quotedEnd(String name, String text, int start, char quote, boolean backslashEscapes) {
            int i = start + 1;
            while (i < text.length()) {
                char c = text.charAt(i);
                if (backslashEscapes && c == '\\') {
                    i += 2;
                } else if (c == quote && i + 1 < text.length() && text.charAt(i + 1) == quote) {
                    i += 2;
                } else if (c == quote) {
                    return i + 1;
                } else {
                    i++;
                }
            }
            throw refused(name, text, start, "a " + (quote == '"' ? "quoted identifier" : "string") + " without its "
                    + "closing " + quote);
        }

        /** The end of {@code $tag$...$tag$} (or {@code $$...$$}) starting at {@code start}. */
        private static int dollarQuotedEnd(String name, String text, int start) {
            int tagEnd = start + 1;
            while (tagEnd < text.length() && isIdentifierPart(text.charAt(tagEnd))) {
                tagEnd++;
            }
            if (tagEnd >= text.length() || text.charAt(tagEnd) != '$') {
                throw refused(name, text, start, "a '$' that starts neither a $tag$ string nor a parameter");
            }
            String tag = text.substring(start, tagEnd + 1);
            int close = text.indexOf(tag, tagEnd + 1);
            if (close < 0) {
                throw refused(name, text, start, "a " + tag + " string without its closing " + tag);
            }
            return close + tag.length();
        }

        private static IllegalStateException refused(String name, String text, int at, String what) {
            int line = 1;
            for (int i = 0; i < at; i++) {
                if (text.charAt(i) == '\n') {
                    line++;
                }
            }
            return new IllegalStateException("sql/" + name + ".sql line " + line + ": " + what);
        }

        private static boolean isIdentifierStart(char c) {
            return c == '_' || Character.isLetter(c);
        }

        private static boolean isIdentifierPart(char c) {
            return c == '_' || Character.isLetterOrDigit(c);
        }
    }
}
