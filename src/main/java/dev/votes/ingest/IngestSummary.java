package dev.votes.ingest;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.votes.common.Table;
import dev.votes.warehouse.RunLedger;
import dev.votes.warehouse.RunStatus;

/**
 * What one committed ingest run did; {@code filesSkipped} are the files left unread because the file ledger shows
 * them loaded unchanged; {@code unknownFields} the input fields that are not vote fields (ignored), each with the number
 * of records that had it, most frequent first. The counts reconcile: {@code rowsRead = rowsInserted + duplicatesSkipped + rowsRejected}.
 */
public record IngestSummary(long runId, RunStatus status, List<String> files, long rowsRead, long rowsInserted,
                            long duplicatesSkipped, long rowsRejected, double seconds, List<String> filesSkipped,
                            Map<String, Long> unknownFields) implements RunLedger.Outcome {

    public double rowsPerSecond() {
        return seconds > 0 ? rowsRead / seconds : 0;
    }

    /** The one line printed on stderr after a run. */
    public String line() {
        return String.format(java.util.Locale.ROOT,
                "ingest run %d %s: %d file%s, read %d, inserted %d, duplicates %d, rejected %d%s%s in %.2f s (%.0f rows/s)",
                runId, status.value(), files.size(), files.size() == 1 ? "" : "s", rowsRead, rowsInserted, duplicatesSkipped,
                rowsRejected, filesSkipped.isEmpty() ? "" : ", skipped " + filesSkipped.size() + " unchanged file(s)",
                unknownFields.isEmpty() ? "" : ", ignored unknown fields " + unknownFieldsText(), seconds,
                rowsPerSecond());
    }

    /** The unknown fields as {@code Extra (12 records), Note (3 records)}. */
    public String unknownFieldsText() {
        return String.join(", ", unknownFields.entrySet().stream()
                .map(field -> field.getKey() + " (" + field.getValue() + " record" + (field.getValue() == 1 ? "" : "s")
                        + ")")
                .toList());
    }

    /** The summary as plain values, for JSON and tables (field names match the ledger's columns). */
    public Map<String, Object> fields() {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("run_id", runId);
        fields.put("status", status.value());
        fields.put("files", files);
        fields.put("rows_read", rowsRead);
        fields.put("rows_inserted", rowsInserted);
        fields.put("duplicates_skipped", duplicatesSkipped);
        fields.put("rows_rejected", rowsRejected);
        fields.put("seconds", Math.round(seconds * 1000) / 1000.0);
        fields.put("rows_per_second", Math.round(rowsPerSecond()));
        fields.put("files_skipped", filesSkipped);
        fields.put("unknown_fields", unknownFields);
        return fields;
    }

    /** The summary as a one-row table (files joined by spaces), for the text, CSV and Markdown formats. */
    public Table table() {
        Map<String, Object> fields = fields();
        fields.put("files", String.join(" ", files));
        fields.put("files_skipped", String.join(" ", filesSkipped));
        fields.put("unknown_fields", unknownFieldsText());
        return new Table(List.copyOf(fields.keySet()), List.of(List.copyOf(fields.values())));
    }
}
