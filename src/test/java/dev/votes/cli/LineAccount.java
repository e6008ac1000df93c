package dev.votes.cli;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.votes.cli.WarehouseSnapshot.Reject;

/**
 * The test's own account of the lines of a JSON-lines, CSV or TSV file, from the bytes it wrote (never from the tool):
 * which lines there are, which are blank, and so what a run that read the file must have counted and quarantined. The
 * docs/decisions.md: "LF and CRLF line breaks are both accepted. Line numbers count physical lines, blank ones included", "Blank
 * lines are skipped and not counted", the JSON reader "skips whitespace-only lines, as the line reader does", and a
 * CSV record's position is its "line number (header = line 1; one line per record)".
 *
 * <p>A CR that is not followed by LF (a lone CR) in a JSON-lines file is part of its line (JSON white space), on both
 * of ingest's paths (docs/commands/ingest.md): a JSON-lines file is accounted for that way only ({@link LoneCr}).
 *
 * <p>Two known faults of the tool are let pass when asked, and counted ({@link #KNOWN_CSV_EMPTY_LINE}, {@link
 * #KNOWN_CSV_MIXED_LINE_BREAKS}), so that the fuzzer goes on to find others; each has a seed named {@code known-*}, and
 * its exception here goes when it is fixed. A JSON-lines file of valid UTF-8 is never one reject at line 0 for a lone
 * CR: only a reader that splits lines at one (the CSV reader, for text that is not UTF-8) may do that.
 */
final class LineAccount {

    /** What a CR that is not followed by LF is. */
    enum LoneCr { PART_OF_ITS_LINE, LINE_BREAK }

    /**
     * Known fault: an empty line in a CSV or TSV file is skipped, but the records after it are numbered as if it were
     * not there (a bad record on line 4 after an empty line 3 is quarantined as line 3). Tolerated: in such a file
     * only the count of records read is checked, not the quarantined lines' numbers.
     */
    static final String KNOWN_CSV_EMPTY_LINE = "known fault: a CSV/TSV file with an empty line (line numbers not checked)";

    /**
     * Known fault: in a CSV or TSV file that mixes CRLF and LF line breaks, the records after a CRLF line can get line
     * numbers one too large (past the end of the file) and the first of them a leading LF in its quarantined text.
     * Tolerated: in such a file only the count of records read is checked.
     */
    static final String KNOWN_CSV_MIXED_LINE_BREAKS =
            "known fault: a CSV/TSV file mixing CRLF and LF (line numbers not checked)";

    /**
     * A file of the run whose content the test knows exactly: its absolute path, its bytes, and its delimiter when it
     * was read as CSV or TSV (0 for JSON lines).
     */
    record KnownFile(String path, byte[] content, char delimiter) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private LineAccount() {
    }

    /**
     * Checks a run's count of lines read and its quarantined lines against the files' content, reading lone CRs the
     * given way; {@code everyFileKnown} says whether the run read only known files (else only the quarantined lines of
     * the known files are checked). With {@code tolerate}, the known faults are let pass, and {@code known} hears of
     * each file one was let pass for. Returns null when the run agrees, else what differs.
     */
    static String check(List<KnownFile> files, boolean everyFileKnown, long read, List<Reject> rejects, LoneCr loneCr,
                        boolean tolerate, Consumer<String> known) {
        long expected = 0;
        for (KnownFile file : files) {
            if (file.delimiter() == 0 && utf8(file.content()) != null && rejects.stream().anyMatch(reject ->
                    reject.sourceFile().equals(file.path()) && reject.lineNumber() == 0
                            && reject.reason().startsWith("a carriage return inside a line"))) {
                return file.path() + ": a JSON-lines file of valid UTF-8 rejected as a whole for a carriage return";
            }
            if (rejects.stream().anyMatch(reject -> reject.sourceFile().equals(file.path()) && reject.lineNumber() == 0)) {
                expected++; // a file its reader could not read at all: one reject at line 0, and nothing else of it
                continue;
            }
            if (file.delimiter() != 0) {
                long[] records = {0};
                String difference = checkDelimited(file, rejects, records, tolerate, known);
                if (difference != null) {
                    return difference;
                }
                expected += records[0];
                continue;
            }
            List<byte[]> lines = lines(file.content(), loneCr);
            expected += lines.stream().filter(line -> !whitespaceOnly(line)).count();
            for (Reject reject : rejects) {
                if (!reject.sourceFile().equals(file.path())) {
                    continue;
                }
                long number = reject.lineNumber();
                boolean lineExists = number >= 1 && number <= lines.size();
                byte[] line = lineExists ? lines.get((int) number - 1) : null;
                if (!lineExists) {
                    return file.path() + ": quarantined line " + number + " of a file of " + lines.size() + " lines";
                }
                if (whitespaceOnly(line)) {
                    return file.path() + ": quarantined line " + number + " is blank: " + reject;
                }
                String text = utf8(number == 1 ? withoutByteOrderMark(line) : line);
                if (text != null && !text.equals(reject.raw())) {
                    return file.path() + ": quarantined line " + number + " is " + quote(text) + " but the quarantine "
                            + "holds " + quote(reject.raw());
                }
            }
        }
        if (everyFileKnown && expected != read) {
            return "the run read " + read + " lines; the files have " + expected + " non-blank lines and records (with "
                    + "lone CRs " + loneCr + "): every one is inserted, a duplicate or quarantined";
        }
        return null;
    }

    /**
     * Whether the test can account for a CSV or TSV file's records: no quotes (a quoted field may hold a line break),
     * no lone CR, a header line first with more than one field (a one-field header makes an empty line a record).
     */
    static boolean accountable(byte[] content, char delimiter) {
        if (hasLoneCr(content)) {
            return false;
        }
        for (byte b : content) {
            if (b == '"') {
                return false;
            }
        }
        List<byte[]> lines = lines(content, LoneCr.PART_OF_ITS_LINE);
        if (lines.isEmpty()) {
            return true;
        }
        for (byte b : lines.getFirst()) {
            if (b == delimiter) {
                return true;
            }
        }
        return false;
    }

    /**
     * A CSV or TSV file (see {@link #accountable}): its records are its non-empty lines after the header (line 1), and
     * each quarantined line number is one of them, with that record: the line itself for a line the reader could not
     * read, else the record as a JSON object whose values, joined by the delimiter, are the line. Puts the number of
     * records in {@code records[0]}.
     */
    private static String checkDelimited(KnownFile file, List<Reject> rejects, long[] records, boolean tolerate,
                                         Consumer<String> known) {
        List<byte[]> lines = lines(file.content(), LoneCr.PART_OF_ITS_LINE);
        boolean emptyLine = false;
        for (int i = 1; i < lines.size(); i++) {
            if (lines.get(i).length == 0) {
                emptyLine = true;
            } else {
                records[0]++;
            }
        }
        boolean mixedLineBreaks = mixesCrlfAndLf(file.content());
        boolean skipLines = tolerate && (emptyLine || mixedLineBreaks);
        if (tolerate && emptyLine) {
            known.accept(KNOWN_CSV_EMPTY_LINE);
        }
        if (tolerate && mixedLineBreaks) {
            known.accept(KNOWN_CSV_MIXED_LINE_BREAKS);
        }
        for (Reject reject : rejects) {
            if (!reject.sourceFile().equals(file.path()) || skipLines) {
                continue;
            }
            long number = reject.lineNumber();
            if (number < 2 || number > lines.size() || lines.get((int) number - 1).length == 0) {
                return file.path() + ": quarantined line " + number + " is not a record of a file of " + lines.size()
                        + " lines (the header is line 1): " + reject;
            }
            String text = utf8(lines.get((int) number - 1));
            String record = recordText(reject.raw(), file.delimiter());
            // A line that only ends in delimiters beyond the header's names is read as its record, the empty fields
            // dropped by DuckDB's reader (docs/commands/ingest.md): its quarantined text lacks those delimiters.
            boolean trailingDelimiter = text != null && record != null && text.startsWith(record)
                    && text.length() > record.length()
                    && text.substring(record.length()).chars().allMatch(c -> c == file.delimiter());
            if (text != null && !text.equals(record) && !trailingDelimiter) {
                return file.path() + ": quarantined line " + number + " is " + quote(text) + " but the quarantine "
                        + "holds " + quote(reject.raw());
            }
        }
        return null;
    }

    /** A quarantined CSV record as its line: a JSON object's values (null as empty) joined by the delimiter. */
    private static String recordText(String raw, char delimiter) {
        if (raw == null || !raw.startsWith("{")) {
            return raw;
        }
        try {
            JsonNode object = JSON.readTree(raw);
            List<String> values = new ArrayList<>();
            object.properties().forEach(field -> values.add(field.getValue().isNull() ? "" : field.getValue().asText()));
            return String.join(String.valueOf(delimiter), values);
        } catch (JsonProcessingException e) {
            return raw;
        }
    }

    private static boolean mixesCrlfAndLf(byte[] content) {
        boolean crlf = false;
        boolean lf = false;
        for (int i = 0; i < content.length; i++) {
            if (content[i] == '\n') {
                if (i > 0 && content[i - 1] == '\r') {
                    crlf = true;
                } else {
                    lf = true;
                }
            }
        }
        return crlf && lf;
    }

    static boolean hasLoneCr(byte[] content) {
        for (int i = 0; i < content.length; i++) {
            if (content[i] == '\r' && (i + 1 == content.length || content[i + 1] != '\n')) {
                return true;
            }
        }
        return false;
    }

    /** The lines: split at LF, CRLF (and a lone CR when it is a line break); no line after a final break. */
    static List<byte[]> lines(byte[] content, LoneCr loneCr) {
        List<byte[]> lines = new ArrayList<>();
        int start = 0;
        int i = 0;
        while (i < content.length) {
            int breakLength = 0;
            if (content[i] == '\n') {
                breakLength = 1;
            } else if (content[i] == '\r' && i + 1 < content.length && content[i + 1] == '\n') {
                breakLength = 2;
            } else if (content[i] == '\r' && loneCr == LoneCr.LINE_BREAK) {
                breakLength = 1;
            }
            if (breakLength == 0) {
                i++;
                continue;
            }
            lines.add(slice(content, start, i));
            i += breakLength;
            start = i;
        }
        if (start < content.length) {
            lines.add(slice(content, start, content.length));
        }
        return lines;
    }

    /** Blank: empty, or nothing but whitespace (space, tab, vertical tab, form feed, CR), a BOM-less UTF-8 reading. */
    static boolean whitespaceOnly(byte[] line) {
        for (byte b : line) {
            if (b != ' ' && b != '\t' && b != 0x0B && b != '\f' && b != '\r') {
                return false;
            }
        }
        return true;
    }


    private static byte[] slice(byte[] content, int from, int to) {
        byte[] line = new byte[to - from];
        System.arraycopy(content, from, line, 0, line.length);
        return line;
    }

    private static byte[] withoutByteOrderMark(byte[] line) {
        if (line.length >= 3 && (line[0] & 0xff) == 0xEF && (line[1] & 0xff) == 0xBB && (line[2] & 0xff) == 0xBF) {
            return slice(line, 3, line.length);
        }
        return line;
    }

    /** The text of valid UTF-8 bytes, or null. */
    private static String utf8(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    private static String quote(String text) {
        if (text == null) {
            return "NULL";
        }
        StringBuilder quoted = new StringBuilder("\"");
        text.codePoints().forEach(c -> {
            if (c < 0x20 || c == 0x7F) {
                quoted.append(String.format("\\u%04x", c));
            } else {
                quoted.appendCodePoint(c);
            }
        });
        return quoted.append('"').toString();
    }
}
