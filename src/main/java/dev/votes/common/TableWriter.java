package dev.votes.common;

import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.IntPredicate;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/** Writes a {@link Table} to stdout as an aligned text table, CSV, JSON (an array of objects) or a Markdown table. */
public final class TableWriter {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final ObjectMapper COMPACT_JSON = new ObjectMapper();

    private TableWriter() {
    }

    public static void write(Table table, OutputFormat format, PrintWriter out) {
        switch (format) {
            case table -> writeText(table, out);
            case csv -> writeCsv(table, out);
            case json -> out.println(json(table.rowsAsObjects()));
            case markdown -> writeMarkdown(table, out);
        }
        out.flush();
    }

    /** Pretty JSON of plain values (maps, lists, strings, numbers); no reflection, so it works the same natively. */
    public static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The same JSON on one line, for values stored in the warehouse. */
    public static String compactJson(Object value) {
        try {
            return COMPACT_JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void writeText(Table table, PrintWriter out) {
        int[] widths = widths(table);
        List<Boolean> right = new ArrayList<>();
        for (int i = 0; i < widths.length; i++) {
            right.add(rightAligned(table, i));
        }
        out.println(line(table.columns(), widths, i -> right.get(i)));
        out.println(line(Arrays.stream(widths).mapToObj("-"::repeat).toList(), widths, i -> false));
        for (List<Object> row : table.rows()) {
            out.println(line(row, widths, i -> row.get(i) instanceof Number));
        }
        out.println("(" + table.rows().size() + (table.rows().size() == 1 ? " row)" : " rows)"));
    }

    /** One aligned line; it ends where its last cell's text ends (no padding at the end of a line). */
    private static String line(List<?> cells, int[] widths, IntPredicate rightAligned) {
        StringBuilder line = new StringBuilder();
        int end = 0;
        for (int i = 0; i < widths.length; i++) {
            String text = text(cells.get(i));
            line.append(i == 0 ? "" : "  ");
            if (rightAligned.test(i)) {
                line.append(pad(text, widths[i], true));
                end = text.isEmpty() ? end : line.length();
            } else {
                line.append(text);
                end = text.isEmpty() ? end : line.length();
                line.append(" ".repeat(widths[i] - text.length()));
            }
        }
        line.setLength(end);
        return line.toString();
    }

    private static void writeCsv(Table table, PrintWriter out) {
        out.println(String.join(",", table.columns().stream().map(TableWriter::csvField).toList()));
        for (List<Object> row : table.rows()) {
            out.println(String.join(",", row.stream().map(value -> csvField(text(value))).toList()));
        }
    }

    private static void writeMarkdown(Table table, PrintWriter out) {
        out.println("| " + String.join(" | ", table.columns()) + " |");
        StringBuilder rule = new StringBuilder("|");
        for (int i = 0; i < table.columns().size(); i++) {
            rule.append(rightAligned(table, i) ? " ---: |" : " --- |");
        }
        out.println(rule);
        for (List<Object> row : table.rows()) {
            out.println("| " + String.join(" | ", row.stream().map(v -> text(v).replace("|", "\\|")).toList()) + " |");
        }
    }

    private static int[] widths(Table table) {
        int[] widths = new int[table.columns().size()];
        for (int i = 0; i < widths.length; i++) {
            widths[i] = table.columns().get(i).length();
            for (List<Object> row : table.rows()) {
                widths[i] = Math.max(widths[i], text(row.get(i)).length());
            }
        }
        return widths;
    }

    private static boolean rightAligned(Table table, int column) {
        return !table.rows().isEmpty() && table.rows().getFirst().get(column) instanceof Number;
    }

    private static String text(Object value) {
        return value == null ? "" : value.toString();
    }

    private static String pad(String text, int width, boolean right) {
        String padding = " ".repeat(width - text.length());
        return right ? padding + text : text + padding;
    }

    private static String csvField(String text) {
        if (text.contains(",") || text.contains("\"") || text.contains("\n") || text.contains("\r")) {
            return "\"" + text.replace("\"", "\"\"") + "\"";
        }
        return text;
    }
}
