package dev.votes.fetch;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;

/** Test archives: a tiny ustar writer (written independently of the reader it tests) and gzip. */
public final class TarWriter {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    /** Adds a regular file. */
    public TarWriter file(String name, byte[] data) {
        return entry(name, '0', data, "");
    }

    /** Adds an entry of any type, e.g. '2' (symbolic link) with a link target. */
    public TarWriter entry(String name, char type, byte[] data, String linkName) {
        byte[] header = new byte[512];
        put(header, 0, 100, name);
        put(header, 100, 8, "0000644");
        put(header, 108, 8, "0001750");
        put(header, 116, 8, "0001750");
        put(header, 124, 12, String.format("%011o", data.length));
        put(header, 136, 12, String.format("%011o", 1_700_000_000L));
        Arrays.fill(header, 148, 156, (byte) ' ');
        header[156] = (byte) type;
        put(header, 157, 100, linkName);
        put(header, 257, 6, "ustar\0");
        put(header, 263, 2, "00");
        put(header, 265, 32, "votes");
        put(header, 297, 32, "votes");
        int sum = 0;
        for (byte b : header) {
            sum += b & 0xff;
        }
        put(header, 148, 8, String.format("%06o\0 ", sum));
        out.writeBytes(header);
        out.writeBytes(data);
        out.writeBytes(new byte[(512 - data.length % 512) % 512]);
        return this;
    }

    /** Adds a raw block as it is (to build damaged archives). */
    public TarWriter raw(byte[] bytes) {
        out.writeBytes(bytes);
        return this;
    }

    /** The archive with its end-of-archive marker, padded to a 10240-byte record like tar and Python's tarfile. */
    public byte[] finish() {
        out.writeBytes(new byte[1024]);
        out.writeBytes(new byte[(10240 - out.size() % 10240) % 10240]);
        return out.toByteArray();
    }

    /** The entries written so far, without an end-of-archive marker. */
    public byte[] withoutEnd() {
        return out.toByteArray();
    }

    public static byte[] gzip(byte[] bytes) {
        ByteArrayOutputStream compressed = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(compressed)) {
            gzip.write(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return compressed.toByteArray();
    }

    /** The published dataset's shape: a gzip tar holding votes.jsonl. */
    public static byte[] datasetArchive(byte[] votes) {
        return gzip(new TarWriter().file("votes.jsonl", votes).finish());
    }

    private static void put(byte[] header, int offset, int length, String value) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        if (bytes.length > length) {
            throw new IllegalArgumentException("too long for the field: " + value);
        }
        System.arraycopy(bytes, 0, header, offset, bytes.length);
    }
}
