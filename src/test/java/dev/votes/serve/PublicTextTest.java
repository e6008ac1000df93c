package dev.votes.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;

/** What answers show of server paths: names relative to the warehouse's directory, or bare file names. */
class PublicTextTest {

    private static final Path BASE = Path.of("/srv/votes data");

    @Test
    void aPathUnderTheWarehousesDirectoryIsRelativeToItAnyOtherIsItsName() {
        assertEquals("warehouse.db.uploads/a.jsonl", PublicText.path("/srv/votes data/warehouse.db.uploads/a.jsonl", BASE));
        assertEquals("votes.jsonl.gz", PublicText.path("/home/alice/secret/votes.jsonl.gz", BASE));
        assertEquals("passwd", PublicText.path("/srv/votes data/../../etc/passwd", BASE));
        assertEquals("relative/x.jsonl", PublicText.path("relative/x.jsonl", BASE), "not absolute: as it is");
        assertEquals("", PublicText.path("/", BASE));
    }

    @Test
    void aMessageKeepsItsWordsAndLosesItsAbsolutePaths() {
        assertEquals("IO Error: Unexpected end of GZIP stream: warehouse.db.uploads/x.jsonl.gz",
                PublicText.message("IO Error: Unexpected end of GZIP stream: /srv/votes data/warehouse.db.uploads/"
                        + "x.jsonl.gz", BASE));
        assertEquals("cannot open warehouse damaged.db: The file \"damaged.db\" exists, but it is not valid",
                PublicText.message("cannot open warehouse /var/lib/x/damaged.db: The file \"/var/lib/x/damaged.db\" "
                        + "exists, but it is not valid", BASE));
        assertEquals("see https://duckdb.org/docs/x and 10/20 rows (a/b)",
                PublicText.message("see https://duckdb.org/docs/x and 10/20 rows (a/b)", BASE), "URLs and ratios stay");
        assertEquals("a / b", PublicText.message("a / b", BASE));
        // The base is taken away only where a path starts (not "in /datax.db: y"); a path elsewhere with a space in
        // it ends at the space, as nothing tells where it ends.
        assertEquals("in votes data/x.db: y", PublicText.message("in /data/srv/votes data/x.db: y", BASE));
    }
}
