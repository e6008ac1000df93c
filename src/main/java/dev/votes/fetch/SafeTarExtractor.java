package dev.votes.fetch;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a tar stream (ustar, POSIX pax and GNU long names) and writes one member to a file: the regular file named
 * {@code votes.jsonl}, or else the only regular file whose name ends in {@code .jsonl}. Nothing is ever created from a
 * member's path: the member goes to the file given. The whole archive is checked all the same, and refused when any
 * member has an absolute path or a {@code ..} segment, or is a link, a device or a FIFO. The stream must end with the
 * end-of-archive marker; ending anywhere else means it was truncated.
 */
final class SafeTarExtractor {

    static final String WANTED = "votes.jsonl";

    private static final int BLOCK = 512;
    /** The largest pax or GNU long-name header accepted. */
    private static final int MAX_META = 1 << 20;

    /** The member written and its size. */
    record Extracted(String member, long bytes) {
    }

    private final long maxBytes;
    private long offset;

    SafeTarExtractor(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    /** Extracts the wanted member of the tar stream {@code in} into {@code target} (truncated first), then fsyncs it. */
    Extracted extract(InputStream in, Path target) throws IOException {
        String longName = null;
        Map<String, String> pax = Map.of();
        String chosen = null;
        boolean chosenIsWanted = false;
        long chosenBytes = 0;
        List<String> otherJsonl = new ArrayList<>();
        while (true) {
            long headerOffset = offset;
            byte[] header = readBlock(in);
            if (header == null) {
                throw truncated("it ends without the tar end-of-archive marker");
            }
            if (allZero(header)) {
                break;
            }
            if (!checksumOk(header)) {
                throw new ArchiveException("is not a valid tar archive: the header at byte " + headerOffset
                        + " has a wrong checksum", ArchiveException.DOWNLOAD_AGAIN);
            }
            char type = (char) (header[156] & 0xff);
            String name = pax.containsKey("path") ? pax.get("path") : longName != null ? longName : headerName(header);
            long size = pax.containsKey("size") ? paxSize(pax.get("size")) : number(header, 124, 12, headerOffset);
            if (type == 'L' || type == 'K' || type == 'x' || type == 'g') {
                if (size > MAX_META) {
                    throw new ArchiveException("has an extended header of " + size + " bytes at byte " + headerOffset
                            + "; refusing it", ArchiveException.CHECK_SOURCE);
                }
                byte[] data = readData(in, size, "an extended header");
                if (type == 'L') {
                    longName = cString(data, 0, data.length);
                } else if (type == 'x') {
                    pax = parsePax(data, headerOffset);
                }
                continue;
            }
            longName = null;
            pax = Map.of();
            String path = safePath(name);
            switch (type) {
                case '1' -> throw unsafe(name, "is a hard link");
                case '2' -> throw unsafe(name, "is a symbolic link");
                case '3', '4' -> throw unsafe(name, "is a device");
                case '6' -> throw unsafe(name, "is a FIFO");
                case '0', '\0', '7', '5' -> {
                    // regular files and directories: handled below
                }
                default -> throw unsafe(name, "has the unsupported tar type '" + type + "'");
            }
            boolean directory = type == '5' || name.endsWith("/");
            String base = path.substring(path.lastIndexOf('/') + 1);
            boolean wanted = !directory && base.equals(WANTED);
            boolean jsonl = !directory && base.endsWith(".jsonl") && !base.startsWith("._");
            if (wanted && chosenIsWanted) {
                throw new ArchiveException("holds two members named " + WANTED + " (" + chosen + ", " + path
                        + "); refusing to guess", ArchiveException.CHECK_SOURCE);
            }
            if (wanted || (jsonl && chosen == null)) {
                if (size > maxBytes) {
                    throw new ArchiveException("has member " + path + " of " + size
                            + " bytes, over the --max-bytes limit of " + maxBytes, "raise --max-bytes if expected");
                }
                if (chosen != null) {
                    otherJsonl.add(chosen);
                }
                copyMember(in, size, path, target);
                chosen = path;
                chosenIsWanted = wanted;
                chosenBytes = size;
            } else {
                if (jsonl) {
                    otherJsonl.add(path);
                }
                readData(in, size, "member " + path, null);
            }
        }
        // The end-of-archive marker is two zero blocks and a tar is padded to its record size. Read the rest, so
        // that a compressed stream below reaches its end and checks its CRC and length.
        byte[] rest = new byte[64 * 1024];
        while (in.read(rest) >= 0) {
            // discard: the bound on the stream below still applies
        }
        if (chosen == null) {
            throw new ArchiveException("holds no " + WANTED + (otherJsonl.isEmpty() ? " and no other .jsonl file" : ""),
                    ArchiveException.CHECK_SOURCE);
        }
        if (!chosenIsWanted && !otherJsonl.isEmpty()) {
            throw new ArchiveException("holds several .jsonl files (" + chosen + ", " + String.join(", ", otherJsonl)
                    + ") and none named " + WANTED + "; refusing to guess", ArchiveException.CHECK_SOURCE);
        }
        return new Extracted(chosen, chosenBytes);
    }

    private void copyMember(InputStream in, long size, String path, Path target) throws IOException {
        try (TargetFile out = TargetFile.overwrite(target)) {
            readData(in, size, "member " + path, out);
            out.sync();
        }
    }

    private byte[] readData(InputStream in, long size, String what) throws IOException {
        ByteBuffer data = ByteBuffer.allocate((int) size);
        readData(in, size, what, null, data);
        return data.array();
    }

    private void readData(InputStream in, long size, String what, TargetFile out) throws IOException {
        readData(in, size, what, out, null);
    }

    /** Reads {@code size} bytes of member data and the padding after it, into {@code out}, {@code into} or nowhere. */
    private void readData(InputStream in, long size, String what, TargetFile out, ByteBuffer into) throws IOException {
        byte[] buffer = new byte[64 * 1024];
        long remaining = size;
        while (remaining > 0) {
            int read = in.readNBytes(buffer, 0, (int) Math.min(buffer.length, remaining));
            if (read == 0) {
                throw truncated("it ends inside " + what);
            }
            offset += read;
            remaining -= read;
            if (out != null) {
                out.write(buffer, read);
            } else if (into != null) {
                into.put(buffer, 0, read);
            }
        }
        int padding = (int) ((BLOCK - size % BLOCK) % BLOCK);
        if (padding > 0 && in.readNBytes(buffer, 0, padding) < padding) {
            throw truncated("it ends inside the padding after " + what);
        }
        offset += padding;
    }

    /** The next header block, or {@code null} at a clean end of stream. */
    private byte[] readBlock(InputStream in) throws IOException {
        byte[] block = new byte[BLOCK];
        int read = in.readNBytes(block, 0, BLOCK);
        if (read == 0) {
            return null;
        }
        if (read < BLOCK) {
            throw truncated("it ends inside a tar header");
        }
        offset += BLOCK;
        return block;
    }

    /** A member's path made relative and normalized, or the archive refused. */
    static String safePath(String name) throws ArchiveException {
        if (name.isEmpty()) {
            throw unsafe(name, "has an empty name");
        }
        if (name.startsWith("/") || name.startsWith("\\") || name.matches("^[A-Za-z]:.*")) {
            throw unsafe(name, "has an absolute path");
        }
        List<String> parts = new ArrayList<>();
        for (String part : name.split("[/\\\\]")) {
            if (part.equals("..")) {
                throw unsafe(name, "has a '..' path segment");
            }
            if (!part.isEmpty() && !part.equals(".")) {
                parts.add(part);
            }
        }
        return String.join("/", parts);
    }

    static boolean allZero(byte[] block) {
        for (byte b : block) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }

    /** The header checksum: the sum of the header's bytes with the checksum field read as spaces (unsigned or signed). */
    static boolean checksumOk(byte[] header) {
        long stored;
        try {
            stored = number(header, 148, 8, 0);
        } catch (ArchiveException e) {
            return false;
        }
        long unsigned = 0;
        long signed = 0;
        for (int i = 0; i < BLOCK; i++) {
            int b = i >= 148 && i < 156 ? ' ' : header[i];
            unsigned += b & 0xff;
            signed += (byte) b;
        }
        return stored == unsigned || stored == signed;
    }

    private static String headerName(byte[] header) {
        String name = cString(header, 0, 100);
        boolean posix = header[257] == 'u' && header[258] == 's' && header[259] == 't' && header[260] == 'a'
                && header[261] == 'r' && header[262] == 0;
        if (posix) {
            String prefix = cString(header, 345, 155);
            if (!prefix.isEmpty()) {
                return prefix + "/" + name;
            }
        }
        return name;
    }

    private static String cString(byte[] bytes, int from, int length) {
        int end = from;
        while (end < from + length && bytes[end] != 0) {
            end++;
        }
        return new String(bytes, from, end - from, StandardCharsets.UTF_8);
    }

    /** A numeric header field: octal digits (NUL- or space-terminated) or GNU base-256. */
    static long number(byte[] header, int from, int length, long headerOffset) throws ArchiveException {
        if ((header[from] & 0x80) != 0) {
            if ((header[from] & 0x40) != 0) {
                throw corrupt("a negative number in the header at byte " + headerOffset);
            }
            long value = header[from] & 0x3f;
            for (int i = from + 1; i < from + length; i++) {
                if (value > (Long.MAX_VALUE >> 8)) {
                    throw corrupt("a number too large in the header at byte " + headerOffset);
                }
                value = (value << 8) | (header[i] & 0xff);
            }
            return value;
        }
        int i = from;
        int end = from + length;
        while (i < end && (header[i] == ' ' || header[i] == 0)) {
            i++;
        }
        long value = 0;
        int digits = 0;
        for (; i < end && header[i] != 0 && header[i] != ' '; i++) {
            int digit = header[i] - '0';
            if (digit < 0 || digit > 7 || value > (Long.MAX_VALUE >> 3)) {
                throw corrupt("a malformed number in the header at byte " + headerOffset);
            }
            value = value * 8 + digit;
            digits++;
        }
        return digits == 0 ? 0 : value;
    }

    private static long paxSize(String value) throws ArchiveException {
        if (!value.matches("\\d{1,18}")) {
            throw corrupt("a malformed pax size '" + value + "'");
        }
        return Long.parseLong(value);
    }

    /** Pax records: {@code "<length> <key>=<value>\n"}, the length counting the whole record in bytes. */
    static Map<String, String> parsePax(byte[] data, long headerOffset) throws ArchiveException {
        Map<String, String> records = new HashMap<>();
        int pos = 0;
        while (pos < data.length && data[pos] != 0) {
            int space = pos;
            int length = 0;
            while (space < data.length && data[space] >= '0' && data[space] <= '9' && length < MAX_META) {
                length = length * 10 + (data[space] - '0');
                space++;
            }
            if (space >= data.length || data[space] != ' ' || length <= space - pos + 1 || pos + length > data.length
                    || data[pos + length - 1] != '\n') {
                throw corrupt("a malformed pax header at byte " + headerOffset);
            }
            String record = new String(data, space + 1, pos + length - 1 - (space + 1), StandardCharsets.UTF_8);
            int equals = record.indexOf('=');
            if (equals <= 0) {
                throw corrupt("a malformed pax header at byte " + headerOffset);
            }
            records.put(record.substring(0, equals), record.substring(equals + 1));
            pos += length;
        }
        return records;
    }

    private static ArchiveException unsafe(String name, String why) {
        return new ArchiveException("is unsafe: member '" + name + "' " + why, ArchiveException.CHECK_SOURCE);
    }

    private static ArchiveException corrupt(String what) {
        return new ArchiveException("is not a valid tar archive: " + what, ArchiveException.DOWNLOAD_AGAIN);
    }

    private static ArchiveException truncated(String where) {
        return new ArchiveException("is truncated: " + where, ArchiveException.DOWNLOAD_AGAIN);
    }
}
