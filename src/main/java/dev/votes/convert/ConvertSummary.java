package dev.votes.convert;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.votes.common.Table;
import dev.votes.warehouse.StorageVersion;

/**
 * What one {@code votes convert-storage} did.
 *
 * @param warehouse the warehouse file (absolute)
 * @param from      its storage version before
 * @param to        its storage version now (the same as {@code from} when nothing was done)
 * @param converted false when the warehouse already was in the version asked for
 * @param tables    the tables copied
 * @param views     the views copied
 * @param sequences the sequences copied, each at its current value
 * @param rows      the rows of all tables copied
 * @param seconds   wall time
 */
public record ConvertSummary(Path warehouse, StorageVersion.Found from, StorageVersion.Found to, boolean converted,
                             long tables, long views, long sequences, long rows, double seconds) {

    /** The one line on stderr. */
    public String line() {
        if (!converted) {
            return warehouse + " is already in " + to.describe() + ": nothing was done";
        }
        return String.format(Locale.ROOT, "converted %s from storage version %s to %s: %d %s with %d rows, %d %s, "
                        + "%d %s, in %.2f s", warehouse, from.version(), to.describe(), tables, plural(tables, "table"),
                rows, views, plural(views, "view"), sequences, plural(sequences, "sequence"), seconds);
    }

    /** The summary as plain values, for JSON. */
    public Map<String, Object> fields() {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("warehouse", warehouse.toString());
        fields.put("converted", converted);
        fields.put("from", from.version());
        fields.put("to", to.version());
        fields.put("oldest_duckdb", to.oldestReader());
        fields.put("tables", tables);
        fields.put("views", views);
        fields.put("sequences", sequences);
        fields.put("rows", rows);
        fields.put("seconds", Math.round(seconds * 1000) / 1000.0);
        return fields;
    }

    /** The summary as a one-row table, for the text, CSV and Markdown formats. */
    public Table table() {
        Map<String, Object> fields = fields();
        return new Table(List.copyOf(fields.keySet()), List.of(List.copyOf(fields.values())));
    }

    private static String plural(long count, String noun) {
        return count == 1 ? noun : noun + "s";
    }
}
