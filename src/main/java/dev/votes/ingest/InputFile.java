package dev.votes.ingest;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Locale;
import java.util.concurrent.Executor;
import java.util.zip.GZIPInputStream;

import dev.votes.common.Trace;
import dev.votes.failure.BadInput;

/**
 * One input file of a run, identified by content: its absolute path, size and the SHA-256 of its bytes on disk
 * (streamed through a 1 MiB buffer, never held in memory; for a regular file on a thread of its own while the run
 * goes on, see {@link ContentHash}), and how it is read: its format and compression.
 *
 * <p>Compression is told by the first bytes (gzip, zstd), whatever the name. The format is the one {@code
 * --input-format} names, else the Parquet magic number, else the name's extension before any {@code .gz}/{@code .zst}
 * ({@code .jsonl .ndjson .csv .tsv .tab .parquet .pq}), else the (decompressed) first bytes: {@code {} is JSON lines,
 * {@code [} a JSON array (so a {@code .json} file is either), a first line with a tab TSV, with a comma CSV.
 *
 * <p>An input that is not a regular file (standard input as {@code -}, a pipe such as {@code /dev/stdin} or {@code
 * <(zcat f.gz)}, a named FIFO, a character device) can be read only once: it is copied, as it is read and hashed, into
 * a spool file next to the warehouse, and DuckDB reads the spool ({@link #spool}; null for a regular file, which
 * DuckDB reads in place).
 */
record InputFile(String path, long size, ContentHash hash, InputFormat format, Compression compression, Path spool) {

    /** DuckDB's longest line for the readers given here ({@code max_line_size}), 16 MiB. */
    private static final int LONGEST_LINE = 16 << 20;

    /** How the run's ledger and messages name standard input ({@code -} on the command line). */
    static final String STDIN = "<stdin>";

    private static final int BUFFER = 1 << 20;
    /** How much of the start of a file (its first read) format detection looks at. */
    private static final int HEAD = 64 * 1024;

    /** The format and compression as one label, e.g. {@code csv+gzip}, for the ledger and messages. */
    String formatLabel() {
        return compression == Compression.NONE ? format.label() : format.label() + "+" + compression.duckdbName();
    }

    /** Whether the run reads this input from a spool (it is standard input, a pipe or another non-regular file). */
    static boolean isStream(String path) {
        return path.equals(STDIN) || !Files.isRegularFile(Path.of(path));
    }

    /** The path DuckDB's readers are given: the spool for a stream, else the file itself. */
    String readablePath() {
        return spool != null ? spool.toString() : path;
    }

    /**
     * Identifies the input; a stream is copied into a new spool file made by {@code spools} while it is hashed, a
     * regular file's hash is left to {@code hashing} (see {@link ContentHash}).
     */
    static InputFile of(String path, InputFormat override, Spools spools, Executor hashing) throws IOException {
        long started = Trace.start();
        boolean stream = isStream(path);
        Path spool = stream ? spools.create() : null;
        long size = 0;
        byte[] start = null;
        ContentHash hash;
        if (stream) {
            // Read once: copied into the spool and hashed as it goes.
            MessageDigest digest = ContentHash.newDigest();
            FieldScreen fields = new FieldScreen();
            byte[] buffer = new byte[BUFFER];
            try (InputStream in = path.equals(STDIN) ? new FileInputStream(FileDescriptor.in)
                         : Files.newInputStream(Path.of(path));
                 OutputStream copy = Files.newOutputStream(spool, StandardOpenOption.WRITE)) {
                for (int read; (read = in.read(buffer)) >= 0; ) {
                    digest.update(buffer, 0, read);
                    fields.accept(buffer, 0, read);
                    copy.write(buffer, 0, read);
                    if (start == null || start.length < HEAD && read > 0) {
                        start = head(start, buffer, read);
                    }
                    size += read;
                }
            }
            hash = ContentHash.of(size, HexFormat.of().formatHex(digest.digest()), fields.onlyVoteFields());
        } else {
            // A regular file: its first bytes tell the format now; its hash is computed while the run reads it.
            try (InputStream in = Files.newInputStream(Path.of(path))) {
                size = Files.size(Path.of(path));
                start = in.readNBytes(HEAD);
            }
            hash = null;
        }
        if (start == null) {
            start = new byte[0];
        }
        Compression compression = Compression.ofMagic(start);
        InputFormat format = override != null ? override
                : detect(path, stream ? spool.toString() : path, start, compression);
        if (!stream) {
            hash = ContentHash.start(Path.of(path), format == InputFormat.JSONL && compression == Compression.NONE,
                    hashing);
        }
        Trace.done("identify " + path, started);
        return new InputFile(path, size, hash, format, compression, spool);
    }

    /**
     * The hex SHA-256 of the file's bytes (waited for if it is still being computed); a one-line error when the file
     * could not be read or changed size while the run read it.
     */
    String sha256() {
        return hash.sha256(path, size);
    }

    /**
     * True when its bytes were screened as they were hashed and certainly hold no field that is not a vote field (see
     * {@link FieldScreen}: an uncompressed JSON-lines input); waits for the hash if need be. False tells nothing.
     */
    boolean onlyVoteFields() {
        return format == InputFormat.JSONL && compression == Compression.NONE && hash.onlyVoteFields();
    }

    /**
     * Whether its first line (a CSV or TSV file's header), unpacked, is valid UTF-8 (a byte order mark included), read
     * up to 16 MiB, DuckDB's longest line. DuckDB's CSV reader does not refuse a header that is not: it skips it and
     * takes the names from a later line, which it also returns as a record (found by fuzzing), so such a file is
     * rejected as a whole instead.
     */
    boolean firstLineIsUtf8() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        try (InputStream in = new BufferedInputStream(compression.open(Path.of(readablePath())), 1 << 16)) {
            for (int b; line.size() < LONGEST_LINE && (b = in.read()) >= 0 && b != '\n'; ) {
                line.write(b);
            }
        }
        try {
            StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(line.toByteArray()));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    /** The first {@link #HEAD} bytes, grown by one read (a pipe gives its bytes in small reads). */
    private static byte[] head(byte[] start, byte[] buffer, int read) {
        int had = start == null ? 0 : start.length;
        int take = Math.min(read, HEAD - had);
        byte[] grown = Arrays.copyOf(start == null ? new byte[0] : start, had + take);
        System.arraycopy(buffer, 0, grown, had, take);
        return grown;
    }

    /**
     * The format by magic number, name, then content; a one-line error naming the file when none tells it. {@code
     * readable} is where the bytes are (the spool of a stream).
     */
    static InputFormat detect(String path, String readable, byte[] start, Compression compression) {
        if (compression == Compression.NONE && start.length >= 4 && start[0] == 'P' && start[1] == 'A'
                && start[2] == 'R' && start[3] == '1') {
            return InputFormat.PARQUET;
        }
        InputFormat byName = InputFormat.ofExtension(extension(path));
        if (byName != null) {
            return byName;
        }
        String text = firstText(readable, start, compression);
        InputFormat byContent = text == null ? null : ofContent(text);
        if (byContent == null) {
            throw new BadInput("cannot tell the format of " + path + " from its name or its "
                    + "first bytes; nothing was written (name it .jsonl, .json, .csv, .tsv or .parquet, optionally "
                    + "with .gz or .zst, or pass --input-format)");
        }
        return byContent;
    }

    /** The name's extension, lower case, after removing a compression suffix ({@code x.csv.gz} gives {@code csv}). */
    static String extension(String path) {
        String name = Path.of(path).getFileName().toString().toLowerCase(Locale.ROOT);
        for (String suffix : new String[] {".gz", ".gzip", ".zst", ".zstd"}) {
            if (name.endsWith(suffix)) {
                name = name.substring(0, name.length() - suffix.length());
                break;
            }
        }
        int dot = name.lastIndexOf('.');
        return dot < 0 ? "" : name.substring(dot + 1);
    }

    /** Whether a directory walk takes this file: its name says a format (or .json, told by its content). */
    static boolean hasInputName(String path) {
        String extension = extension(path);
        return extension.equals("json") || InputFormat.ofExtension(extension) != null;
    }

    static InputFormat ofContent(String text) {
        String trimmed = text.stripLeading();
        if (trimmed.startsWith("\uFEFF")) {
            trimmed = trimmed.substring(1).stripLeading();
        }
        if (trimmed.startsWith("{")) {
            return InputFormat.JSONL;
        }
        if (trimmed.startsWith("[")) {
            return InputFormat.JSON_ARRAY;
        }
        int end = trimmed.indexOf('\n');
        String firstLine = end < 0 ? trimmed : trimmed.substring(0, end);
        if (firstLine.indexOf('\t') >= 0) {
            return InputFormat.TSV;
        }
        if (firstLine.indexOf(',') >= 0) {
            return InputFormat.CSV;
        }
        return null;
    }

    /** The first bytes as text, decompressed (gzip by the JDK, zstd by DuckDB); null when they cannot be read. */
    private static String firstText(String path, byte[] start, Compression compression) {
        return switch (compression) {
            case NONE -> new String(start, StandardCharsets.UTF_8);
            case GZIP -> gunzipStart(start);
            case ZSTD -> firstLineThroughDuckDb(path);
        };
    }

    private static String gunzipStart(byte[] start) {
        byte[] out = new byte[HEAD];
        int length = 0;
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(start))) {
            for (int read; length < out.length && (read = in.read(out, length, out.length - length)) >= 0; ) {
                length += read;
            }
        } catch (IOException e) {
            // the head ends mid-stream: what was inflated so far is enough
        }
        return length == 0 ? null : new String(out, 0, length, StandardCharsets.UTF_8);
    }

    /** The JDK has no zstd: an in-memory DuckDB reads the first line (the path is a bound parameter). */
    private static String firstLineThroughDuckDb(String path) {
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:")) {
            return Staging.selectFirstLineOfZstdFile(connection, path).orElse(null);
        } catch (SQLException e) {
            return null;
        }
    }
}
