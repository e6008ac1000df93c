package dev.votes.export;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.votes.common.Table;

/**
 * What one export wrote.
 *
 * @param directory    the export's directory (absolute)
 * @param partitioning the layout of {@code votes/}
 * @param rows         the rows of {@code blog_analysis.votes} written under {@code votes/}
 * @param partitions   the partition directories holding them ({@code Year=...} or {@code Year=.../WeekNumber=...})
 * @param files        the Parquet files under {@code votes/}
 * @param bytes        the size of every Parquet file of the export, {@code weekly_counts} and {@code outlier_weeks} included
 * @param weeks        the rows of {@code weekly_counts.parquet}: the weeks that have votes
 * @param outlierWeeks the rows of {@code outlier_weeks.parquet}
 * @param seconds      wall time of the export until the move into place
 * @param warning      null, or a line for stderr: the export is in place, but something was left to clean up
 */
public record ExportSummary(Path directory, Partitioning partitioning, long rows, long partitions, long files, long bytes,
                            long weeks, long outlierWeeks, double seconds, String warning) {

    /** The same summary with a warning for stderr. */
    public ExportSummary withWarning(String text) {
        return new ExportSummary(directory, partitioning, rows, partitions, files, bytes, weeks, outlierWeeks, seconds,
                text);
    }

    /** The summary as plain values, for JSON and the marker file. */
    public Map<String, Object> fields() {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("directory", directory.toString());
        fields.put("partition_by", partitioning.option());
        fields.put("rows", rows);
        fields.put("partitions", partitions);
        fields.put("files", files);
        fields.put("bytes", bytes);
        fields.put("weeks", weeks);
        fields.put("outlier_weeks", outlierWeeks);
        fields.put("seconds", Math.round(seconds * 1000) / 1000.0);
        return fields;
    }

    /** The summary as a one-row table, for the text, CSV and Markdown formats. */
    public Table table() {
        Map<String, Object> fields = fields();
        return new Table(List.copyOf(fields.keySet()), List.of(List.copyOf(fields.values())));
    }
}
