package dev.votes.ingest;

/**
 * The formats {@code votes ingest} reads. Each has a name for {@code --input-format} and the ledger, and the file name
 * extensions (before any {@code .gz}/{@code .zst}) that select it.
 */
public enum InputFormat {

    /** One JSON object per line ({@code .jsonl}, {@code .ndjson}, or {@code .json} whose content is not an array). */
    JSONL("jsonl"),
    /** One JSON array of objects ({@code .json} whose content starts with {@code [}). */
    JSON_ARRAY("json-array"),
    /** Comma-separated values with a header line naming the fields, in any order. */
    CSV("csv"),
    /** Tab-separated values with a header line. */
    TSV("tsv"),
    /** Apache Parquet. */
    PARQUET("parquet");

    private final String label;

    InputFormat(String label) {
        this.label = label;
    }

    /** The name used by {@code --input-format}, the ledger and messages. */
    public String label() {
        return label;
    }

    /** Whether the file starts with a header line, which line numbers count (line 1). */
    boolean hasHeaderLine() {
        return this == CSV || this == TSV;
    }

    /** Whether its DuckDB reader reports the lines it cannot return in a rejects table (the CSV reader does). */
    boolean reportsUnreadableLines() {
        return this == JSONL || hasHeaderLine();
    }

    /** The format a bare extension (lower case, no dot, compression suffix removed) names; null when none does. */
    static InputFormat ofExtension(String extension) {
        return switch (extension) {
            case "jsonl", "ndjson" -> JSONL;
            case "csv" -> CSV;
            case "tsv", "tab" -> TSV;
            case "parquet", "pq" -> PARQUET;
            default -> null;
        };
    }

    /** The format named on the command line, case-insensitively; null when the name is not one. */
    public static InputFormat ofLabel(String name) {
        for (InputFormat format : values()) {
            if (format.label.equalsIgnoreCase(name.strip())) {
                return format;
            }
        }
        return null;
    }

    @Override
    public String toString() {
        return label;
    }
}
