package dev.votes.ingest;

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
