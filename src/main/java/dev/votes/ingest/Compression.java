package dev.votes.ingest;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

import io.airlift.compress.zstd.ZstdInputStream;

/** How an input file's bytes are compressed, told by their first bytes (not the name); DuckDB decompresses. */
enum Compression {

    NONE("none"),
    GZIP("gzip"),
    ZSTD("zstd");

    private final String duckdbName;

    Compression(String duckdbName) {
        this.duckdbName = duckdbName;
    }

    /** The value of DuckDB's {@code compression} reader option. */
    String duckdbName() {
        return duckdbName;
    }

    /**
     * The file's bytes, unpacked: every gzip member, every zstd frame (with the pure-Java decoder, for the few reads
     * Java makes itself; DuckDB's readers unpack on their own). A damaged zstd stream fails with the decoder's
     * RuntimeException.
     */
    InputStream open(Path file) throws IOException {
        InputStream raw = Files.newInputStream(file);
        try {
            return switch (this) {
                case NONE -> raw;
                case GZIP -> new GZIPInputStream(raw, 1 << 16);
                case ZSTD -> new ZstdInputStream(new BufferedInputStream(raw, 1 << 16));
            };
        } catch (IOException | RuntimeException e) {
            raw.close();
            throw e;
        }
    }

    static Compression ofMagic(byte[] head) {
        int length = head.length;
        if (length >= 2 && (head[0] & 0xff) == 0x1f && (head[1] & 0xff) == 0x8b) {
            return GZIP;
        }
        if (length >= 4 && (head[0] & 0xff) == 0x28 && (head[1] & 0xff) == 0xb5 && (head[2] & 0xff) == 0x2f
                && (head[3] & 0xff) == 0xfd) {
            return ZSTD;
        }
        return NONE;
    }
}
