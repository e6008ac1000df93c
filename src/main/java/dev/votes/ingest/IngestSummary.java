package dev.votes.ingest;

import java.util.ArrayList;
import java.util.Comparator;
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
 * {@code steps} is null for a run in one transaction; for a run committed in steps ({@code --commit-every}) it holds
 * each committed step's own summary, and this summary their sums (see {@link #ofSteps}).
 */
public record IngestSummary(long runId, RunStatus status, List<String> files, long rowsRead, long rowsInserted,
                            long duplicatesSkipped, long rowsRejected, double seconds, List<String> filesSkipped,
                            Map<String, Long> unknownFields, Steps steps) implements RunLedger.Outcome {

    /** The summary of a run in one transaction (no steps). */
    public IngestSummary(long runId, RunStatus status, List<String> files, long rowsRead, long rowsInserted,
                         long duplicatesSkipped, long rowsRejected, double seconds, List<String> filesSkipped,
                         Map<String, Long> unknownFields) {
        this(runId, status, files, rowsRead, rowsInserted, duplicatesSkipped, rowsRejected, seconds, filesSkipped,
                unknownFields, null);
    }

    /**
     * The steps of a run committed in steps: each committed step's summary (its own run in the ledger), in order, and
     * how many steps were planned: more than committed when a step failed or a stop signal came.
     */
    public record Steps(List<IngestSummary> committed, int planned) {

        public boolean complete() {
            return committed.size() == planned;
        }

        /** The committed steps' run ids: {@code 5-8} when consecutive, else {@code 5, 7}. */
        String runIds() {
            List<Long> ids = committed.stream().map(IngestSummary::runId).toList();
            boolean consecutive = ids.getLast() - ids.getFirst() == ids.size() - 1;
            if (ids.size() > 1 && consecutive) {
                return ids.getFirst() + "-" + ids.getLast();
            }
            return String.join(", ", ids.stream().map(String::valueOf).toList());
        }
    }

    /**
     * The summary of the committed steps of a run committed in steps: {@code runId} is the first step's run, the
     * counts are the steps' sums, {@code files} every file the committed steps cover (the skipped ones included), the
     * unknown fields merged. Its status is the steps' ({@code succeeded}, or {@code succeeded_with_rejects} when a
     * step rejected rows) when all of them committed, else {@code stoppedAs} ({@code failed} or {@code interrupted}).
     */
    static IngestSummary ofSteps(List<IngestSummary> committed, int planned, List<String> files,
                                 List<String> filesSkipped, RunStatus stoppedAs, double seconds) {
        long read = 0;
        long inserted = 0;
        long duplicates = 0;
        long rejected = 0;
        Map<String, Long> unknown = new LinkedHashMap<>();
        for (IngestSummary step : committed) {
            read += step.rowsRead();
            inserted += step.rowsInserted();
            duplicates += step.duplicatesSkipped();
            rejected += step.rowsRejected();
            step.unknownFields().forEach((field, records) -> unknown.merge(field, records, Long::sum));
        }
        Map<String, Long> unknownFields = new LinkedHashMap<>();
        unknown.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder()))
                .forEach(field -> unknownFields.put(field.getKey(), field.getValue()));
        Steps steps = new Steps(List.copyOf(committed), planned);
        RunStatus status = !steps.complete() ? stoppedAs
                : rejected > 0 ? RunStatus.SUCCEEDED_WITH_REJECTS : RunStatus.SUCCEEDED;
        return new IngestSummary(committed.getFirst().runId(), status, List.copyOf(files), read, inserted, duplicates,
                rejected, seconds, List.copyOf(filesSkipped), unknownFields, steps);
    }

    public double rowsPerSecond() {
        return seconds > 0 ? rowsRead / seconds : 0;
    }

    /**
     * The one line printed on stderr after a run. A run committed in steps names its runs and steps: {@code ingest
     * runs 5-8 succeeded: 4 files in 4 steps, ...}, or when it stopped part-way {@code ingest steps 1-2 of 4 committed
     * as runs 5-6: 2 files, ...}.
     */
    public String line() {
        String what;
        if (steps == null) {
            what = "ingest run " + runId + " " + status.value();
        } else if (steps.complete()) {
            what = "ingest runs " + steps.runIds() + " " + status.value();
        } else {
            int done = steps.committed().size();
            what = "ingest step" + (done == 1 ? " 1" : "s 1-" + done) + " of " + steps.planned() + " committed as run"
                    + (done == 1 ? " " : "s ") + steps.runIds();
        }
        return String.format(java.util.Locale.ROOT,
                "%s: %d file%s%s, read %d, inserted %d, duplicates %d, rejected %d%s%s in %.2f s (%.0f rows/s)",
                what, files.size(), files.size() == 1 ? "" : "s",
                steps != null && steps.complete() ? " in " + steps.planned() + " steps" : "", rowsRead, rowsInserted,
                duplicatesSkipped, rowsRejected,
                filesSkipped.isEmpty() ? "" : ", skipped " + filesSkipped.size() + " unchanged file(s)",
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

    /**
     * The summary as plain values, for JSON and tables (field names match the ledger's columns). A run committed in
     * steps adds {@code steps} (each committed step's own fields) and {@code steps_planned}.
     */
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
        if (steps != null) {
            List<Map<String, Object>> committed = new ArrayList<>();
            for (IngestSummary step : steps.committed()) {
                committed.add(step.fields());
            }
            fields.put("steps", committed);
            fields.put("steps_planned", steps.planned());
        }
        return fields;
    }

    /**
     * The summary as a one-row table (files joined by spaces), for the text, CSV and Markdown formats; {@code steps}
     * as the committed steps' run ids.
     */
    public Table table() {
        Map<String, Object> fields = fields();
        fields.put("files", String.join(" ", files));
        fields.put("files_skipped", String.join(" ", filesSkipped));
        fields.put("unknown_fields", unknownFieldsText());
        if (steps != null) {
            fields.put("steps", String.join(" ", steps.committed().stream().map(step -> String.valueOf(step.runId()))
                    .toList()));
        }
        return new Table(List.copyOf(fields.keySet()), List.of(List.copyOf(fields.values())));
    }
}
