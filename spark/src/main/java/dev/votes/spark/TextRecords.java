package dev.votes.spark;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.zip.GZIPInputStream;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

/**
 * Reads one JSON-lines, CSV or TSV file (plain or gzip, told by its first bytes) line by line, in order, on an executor,
 * and turns each non-blank line into a staged row: its position (the line number, as the DuckDB path reports it), the
 * typed vote or the reason it is rejected (its CreationDate judged by the run's {@link PlausibleDates}), and the raw
 * line when rejected. A CSV/TSV header is line 1; each later line is one record, its values keyed by the header's names
 * (an empty value is absent, as DuckDB's reader gives NULL).
 */
final class TextRecords implements Iterator<Row> {

    /**
     * One input file of a run, or a byte range of it: its position in the run, its path (a URI or a local path), its
     * format; for a range of a plain file, the lines that start in [start, end) (end -1: to the end of the file), the
     * number of lines before them, and the CSV/TSV header (null when the range holds line 1, which is the header).
     */
    record FileSpec(int index, String path, String format, long start, long end, long linesBefore,
                    List<String> header) implements Serializable {
        FileSpec(int index, String path, String format) {
            this(index, path, format, 0, -1, 0, null);
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private final FileSpec file;
    private final PlausibleDates dates;
    private final InputStream in;
    private final char delimiter;
    private List<String> header;
    private List<String> headerUnknown;
    private long lineNumber;
    private Row next;
    private boolean done;

    /** The offset of the next line's first byte (counted only for a byte range of a plain file). */
    private long position;

    private TextRecords(FileSpec file, PlausibleDates dates, InputStream in, long position) {
        this.file = file;
        this.dates = dates;
        this.in = in;
        this.delimiter = file.format().equals("tsv") ? '\t' : ',';
        this.position = position;
        this.lineNumber = file.linesBefore();
        this.header = file.header() == null ? null : new ArrayList<>(file.header());
    }

    /** The staged rows of a file, read lazily, CreationDates judged by the run's plausible dates. */
    static Iterator<Row> of(FileSpec file, PlausibleDates dates) throws IOException {
        return open(file, dates);
    }

    /** How many lines (blank ones included) start in the spec's byte range. */
    static long countLines(FileSpec file) throws IOException {
        TextRecords reader = open(file, null);
        long lines = 0;
        while (reader.readLine() != null) {
            lines++;
        }
        reader.close();
        return lines;
    }

    /** The CSV/TSV header: the values of the file's first line. */
    static List<String> header(String path, String format) throws IOException {
        TextRecords reader = open(new FileSpec(0, path, format), null);
        byte[] first = reader.readLine();
        reader.close();
        String text = first == null ? "" : new String(first, StandardCharsets.UTF_8);
        return Csv.split(text.startsWith("\uFEFF") ? text.substring(1) : text, reader.delimiter).values();
    }

    /** A reader of the spec's lines; dates may be null when the lines are only counted or the header read. */
    private static TextRecords open(FileSpec file, PlausibleDates dates) throws IOException {
        Path path = new Path(file.path());
        FileSystem fs = path.getFileSystem(new Configuration());
        if (file.end() >= 0) {
            // A byte range of a plain file: it holds the lines that start in it. A line starts at start when the
            // byte before it ends a line; otherwise the range begins after the next line break.
            org.apache.hadoop.fs.FSDataInputStream stream = fs.open(path);
            long position = file.start();
            if (position > 0) {
                stream.seek(position - 1);
            }
            TextRecords reader = new TextRecords(file, dates, new BufferedInputStream(stream, 1 << 20), position);
            if (position > 0 && reader.in.read() != '\n') {
                reader.readLine(); // the rest of a line that started in the range before
            }
            return reader;
        }
        InputStream raw = new BufferedInputStream(fs.open(path), 1 << 20);
        raw.mark(2);
        int b0 = raw.read();
        int b1 = raw.read();
        raw.reset();
        InputStream in = b0 == 0x1f && b1 == 0x8b ? new BufferedInputStream(new GZIPInputStream(raw, 1 << 16), 1 << 20)
                : raw;
        return new TextRecords(file, dates, in, 0);
    }

    @Override
    public boolean hasNext() {
        while (next == null && !done) {
            byte[] line = readLine();
            if (line == null) {
                done = true;
                close();
                break;
            }
            lineNumber++;
            next = stage(line);
        }
        return next != null;
    }

    @Override
    public Row next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        Row row = next;
        next = null;
        return row;
    }

    /** A line's staged row, or null for a blank line (and a CSV header). */
    private Row stage(byte[] bytes) {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            if (file.format().equals("jsonl") || header != null) {
                return row(VoteRules.rejected(VoteRules.INVALID_UTF8), new String(bytes, StandardCharsets.UTF_8));
            }
            text = new String(bytes, StandardCharsets.UTF_8);
        }
        if (lineNumber == 1 && text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        if (file.format().equals("jsonl")) {
            if (text.strip().isEmpty()) {
                return null;
            }
            JsonLine line = json(text, dates);
            return row(line.classified(), text, line.unknown());
        }
        if (header == null) {
            header = Csv.split(text, delimiter).values();
            return null;
        }
        if (text.isEmpty()) {
            return null;
        }
        Csv.Split split = Csv.split(text, delimiter);
        if (split.problem() != null) {
            return row(VoteRules.rejected(split.problem()), text);
        }
        if (split.values().size() > header.size()) {
            return row(VoteRules.rejected(VoteRules.TOO_MANY_FIELDS), text);
        }
        if (split.values().size() < header.size()) {
            return row(VoteRules.rejected(VoteRules.TOO_FEW_FIELDS), text);
        }
        String[] fields = new String[VoteRules.FIELD_NAMES.size()];
        for (int i = 0; i < header.size(); i++) {
            int at = VoteRules.FIELD_NAMES.indexOf(header.get(i));
            if (at >= 0) {
                fields[at] = split.values().get(i);
            }
        }
        if (headerUnknown == null) {
            headerUnknown = unknown(header);
        }
        return row(VoteRules.classify(fields, dates), text, headerUnknown);
    }

    /** A classified JSON line and the names of its fields that are not vote fields. */
    record JsonLine(VoteRules.Classified classified, List<String> unknown) {
    }

    /** The names that are not vote fields, in their order (the schema-drift count of the run). */
    static List<String> unknown(Iterable<String> names) {
        List<String> unknown = new ArrayList<>();
        for (String name : names) {
            if (!VoteRules.FIELD_NAMES.contains(name)) {
                unknown.add(name);
            }
        }
        return unknown;
    }

    /**
     * A JSON line as DuckDB's json_transform sees it: an object's fields as text, classified with the run's plausible
     * dates, or why it is no object.
     */
    static JsonLine json(String text, PlausibleDates dates) {
        JsonNode node;
        try {
            node = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            return new JsonLine(VoteRules.rejected(VoteRules.MALFORMED_JSON), null);
        }
        if (node == null || node.isNull() || node.isMissingNode()) {
            return new JsonLine(VoteRules.rejected(VoteRules.MALFORMED_JSON), null);
        }
        if (!node.isObject()) {
            return new JsonLine(VoteRules.rejected("not a JSON object (found " + jsonType(node) + ")"), null);
        }
        String[] fields = new String[VoteRules.FIELD_NAMES.size()];
        for (int i = 0; i < fields.length; i++) {
            JsonNode value = node.get(VoteRules.FIELD_NAMES.get(i));
            fields[i] = value == null || value.isNull() ? null
                    : value.isContainerNode() ? value.toString() : value.asText();
        }
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return new JsonLine(VoteRules.classify(fields, dates), unknown(names));
    }

    /** DuckDB's json_type, lower case. */
    private static String jsonType(JsonNode node) {
        if (node.isArray()) {
            return "array";
        }
        if (node.isTextual()) {
            return "varchar";
        }
        if (node.isBoolean()) {
            return "boolean";
        }
        if (node.isIntegralNumber() && node.canConvertToLong()) {
            return node.asLong() >= 0 ? "ubigint" : "bigint";
        }
        if (node.isBigInteger() && node.bigIntegerValue().signum() > 0
                && node.bigIntegerValue().bitLength() <= 64) {
            return "ubigint";
        }
        return "double";
    }

    private Row row(VoteRules.Classified c, String raw) {
        return row(c, raw, null);
    }

    private Row row(VoteRules.Classified c, String raw, List<String> unknown) {
        return RowFactory.create(file.index(), lineNumber, c.id(), c.postId(), c.voteTypeId(), c.userId(),
                c.bountyAmount(), c.creationDate(), c.reason(), c.reason() == null ? null : raw,
                unknown == null || unknown.isEmpty() ? null
                        : scala.jdk.javaapi.CollectionConverters.asScala(unknown).toSeq());
    }

    /** The next line's bytes without its LF or CRLF, or null at the end. */
    private byte[] readLine() {
        if (file.end() >= 0 && position >= file.end()) {
            return null;
        }
        try {
            ByteArrayOutputStream line = new ByteArrayOutputStream(256);
            int b;
            boolean any = false;
            while ((b = in.read()) >= 0) {
                any = true;
                position++;
                if (b == '\n') {
                    break;
                }
                line.write(b);
            }
            if (!any) {
                return null;
            }
            byte[] bytes = line.toByteArray();
            if (bytes.length > 0 && bytes[bytes.length - 1] == '\r') {
                return java.util.Arrays.copyOf(bytes, bytes.length - 1);
            }
            return bytes;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file.path() + ": " + e.getMessage(), e);
        }
    }

    private void close() {
        try {
            in.close();
        } catch (IOException e) {
            // nothing more to read from it
        }
    }

    /**
     * One CSV/TSV line split into values as DuckDB's reader does: a value starting with {@code "} is quoted ({@code ""}
     * inside it is a quote) and must be followed by the delimiter or the end of the line; a quote inside an unquoted
     * value is taken as it is; an empty value is null.
     */
    static final class Csv {
        record Split(List<String> values, String problem) {
        }

        static Split split(String line, char delimiter) {
            List<String> values = new ArrayList<>();
            int i = 0;
            int n = line.length();
            while (true) {
                StringBuilder value = new StringBuilder();
                if (i < n && line.charAt(i) == '"') {
                    i++;
                    boolean closed = false;
                    while (i < n) {
                        char c = line.charAt(i);
                        if (c == '"') {
                            if (i + 1 < n && line.charAt(i + 1) == '"') {
                                value.append('"');
                                i += 2;
                                continue;
                            }
                            closed = true;
                            i++;
                            break;
                        }
                        value.append(c);
                        i++;
                    }
                    if (!closed) {
                        return new Split(values, "unreadable line: unterminated quoted value");
                    }
                    if (i < n && line.charAt(i) != delimiter) {
                        return new Split(values, VoteRules.QUOTE_IN_UNQUOTED_FIELD);
                    }
                } else {
                    while (i < n && line.charAt(i) != delimiter) {
                        value.append(line.charAt(i)); // a quote inside an unquoted value is a character of it
                        i++;
                    }
                }
                values.add(value.length() == 0 ? null : value.toString());
                if (i >= n) {
                    return new Split(values, null);
                }
                i++; // the delimiter
            }
        }
    }
}
