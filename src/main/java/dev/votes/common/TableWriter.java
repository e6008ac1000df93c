package dev.votes.common;

import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.List;

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
        StringBuilder header = new StringBuilder();
        StringBuilder rule = new StringBuilder();
        for (int i = 0; i < widths.length; i++) {
            String separator = i == 0 ? "" : "  ";
            header.append(separator).append(pad(table.columns().get(i), widths[i], rightAligned(table, i)));
            rule.append(separator).append("-".repeat(widths[i]));
        }
        out.println(header);
        out.println(rule);
        for (List<Object> row : table.rows()) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < widths.length; i++) {
                line.append(i == 0 ? "" : "  ").append(pad(text(row.get(i)), widths[i], row.get(i) instanceof Number));
            }
            out.println(line);
        }
        out.println("(" + table.rows().size() + (table.rows().size() == 1 ? " row)" : " rows)"));
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
