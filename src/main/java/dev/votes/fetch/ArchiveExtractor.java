package dev.votes.fetch;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Turns the downloaded file into the dataset file. The format is told by the content, not the name: a gzip-compressed
 * tar (the published dataset), a plain tar, a gzip-compressed JSON-lines file, or a plain JSON-lines file. The
 * decompressed content is bounded by {@code --max-bytes}.
 */
final class ArchiveExtractor {

    private static final int PEEK = 512;

    /** What was extracted: the member (or a description of the bare file), its size and the format. */
    record Extracted(String member, long bytes, String format) {
    }

    private final long maxBytes;

    ArchiveExtractor(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    /**
     * Extracts {@code download} into {@code target}, which exists and is overwritten, and fsyncs it. Throws
     * {@link ArchiveException} when the download is bad and {@link LocalWriteException} when the target cannot be
     * written.
     */
    Extracted extract(Path download, Path target) throws IOException {
        byte[] head;
        try (InputStream in = Files.newInputStream(download)) {
            head = in.readNBytes(PEEK);
        }
        try {
            if (head.length >= 2 && (head[0] & 0xff) == 0x1f && (head[1] & 0xff) == 0x8b) {
                try (InputStream gzip = new BufferedInputStream(new Bounded(
                        new GZIPInputStream(Files.newInputStream(download), 64 * 1024), maxBytes), 64 * 1024)) {
                    gzip.mark(PEEK);
                    byte[] inner = gzip.readNBytes(PEEK);
                    gzip.reset();
                    if (looksLikeTar(inner)) {
                        SafeTarExtractor.Extracted member = new SafeTarExtractor(maxBytes).extract(gzip, target);
                        return new Extracted(member.member(), member.bytes(), "tar.gz");
                    }
                    if (firstSignificant(inner) == '{') {
                        return new Extracted("(gzip-compressed JSON lines)", copy(gzip, target), "jsonl.gz");
                    }
                    throw new ArchiveException("is gzip-compressed but holds neither a tar archive nor JSON lines",
                            ArchiveException.CHECK_SOURCE);
                }
            }
            if (looksLikeTar(head)) {
                try (InputStream tar = new Bounded(Files.newInputStream(download), maxBytes)) {
                    SafeTarExtractor.Extracted member = new SafeTarExtractor(maxBytes).extract(tar, target);
                    return new Extracted(member.member(), member.bytes(), "tar");
                }
            }
            int first = firstSignificant(head);
            if (first == '{') {
                try (InputStream plain = Files.newInputStream(download)) {
                    return new Extracted("(JSON lines)", copy(plain, target), "jsonl");
                }
            }
            if (first == '<') {
                throw new ArchiveException("is an HTML page, not the dataset (a login, quota or confirmation page?)",
                        "open the URL in a browser, or pass another --url");
            }
            throw new ArchiveException(head.length == 0 ? "is empty"
                    : "is neither a tar, a gzip nor a JSON-lines file", ArchiveException.CHECK_SOURCE);
        } catch (EOFException e) {
            throw new ArchiveException("is truncated: the gzip stream ends early", ArchiveException.DOWNLOAD_AGAIN);
        } catch (ZipException e) {
            throw new ArchiveException("is corrupt: gzip says '" + e.getMessage() + "'", ArchiveException.DOWNLOAD_AGAIN);
        }
    }

    /** Copies a whole stream into the target and fsyncs it. */
    private static long copy(InputStream in, Path target) throws IOException {
        try (TargetFile out = TargetFile.overwrite(target)) {
            byte[] buffer = new byte[64 * 1024];
            long total = 0;
            for (int read; (read = in.read(buffer)) >= 0; ) {
                out.write(buffer, read);
                total += read;
            }
            out.sync();
            return total;
        }
    }

    private static boolean looksLikeTar(byte[] block) {
        return block.length == PEEK && !SafeTarExtractor.allZero(block) && SafeTarExtractor.checksumOk(block);
    }

    /** The first byte after a UTF-8 byte-order mark and white space, or -1. */
    private static int firstSignificant(byte[] bytes) {
        int i = bytes.length >= 3 && (bytes[0] & 0xff) == 0xef && (bytes[1] & 0xff) == 0xbb && (bytes[2] & 0xff) == 0xbf
                ? 3 : 0;
        for (; i < bytes.length; i++) {
            if (!Character.isWhitespace(bytes[i])) {
                return bytes[i] & 0xff;
            }
        }
        return -1;
    }

    /** A stream that refuses to deliver more than a limit: the bound on the decompressed content. */
    private static final class Bounded extends FilterInputStream {

        private final long limit;
        private long count;

        Bounded(InputStream in, long limit) {
            super(in);
            this.limit = limit;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int read = super.read(b, off, len);
            if (read > 0) {
                count(read);
            }
            return read;
        }

        private void count(int read) throws ArchiveException {
            count += read;
            if (count > limit) {
                throw new ArchiveException("expands to more than the --max-bytes limit of " + limit + " bytes",
                        "raise --max-bytes if expected");
            }
        }
    }
}
