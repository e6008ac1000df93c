package dev.votes.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The safe names uploads get, and the sizes and ports serve's options take (plain unit tests, no application). */
class UploadsTest {

    @Test
    void aClientsFileNameBecomesAPlainNameWithTheSuffixOfItsRealCompression() {
        assertEquals("votes.jsonl", Uploads.safeName("votes.jsonl", ""));
        assertEquals("votes.jsonl.gz", Uploads.safeName("votes.jsonl.gz", ".gz"));
        assertEquals("votes.jsonl", Uploads.safeName("votes.jsonl.gz", ""), "the name's .gz is not believed");
        assertEquals("votes.jsonl.gz", Uploads.safeName("votes.jsonl", ".gz"), "the content's compression is");
        assertEquals("passwd.jsonl", Uploads.safeName("../../etc/passwd", ""));
        assertEquals("evil.jsonl", Uploads.safeName("C:\\temp\\evil", ""));
        assertEquals("hidden.jsonl", Uploads.safeName(".hidden", ""));
        assertEquals("a_b_c_.jsonl", Uploads.safeName("a b;c'.jsonl", ""));
        assertEquals("cafe.jsonl", Uploads.safeName("café.jsonl", ""));
        assertEquals("upload.jsonl", Uploads.safeName("", ""));
        assertEquals("upload.jsonl", Uploads.safeName(null, ""));
        assertEquals("upload.jsonl.zst", Uploads.safeName("...", ".zst"));
        String longName = Uploads.safeName("x".repeat(500) + ".jsonl", ".gz");
        assertTrue(longName.length() <= Uploads.MAX_NAME && longName.endsWith(".jsonl.gz"), longName);
    }

    @Test
    void sizesAndPortsParseOrSayWhatIsWrong() {
        assertEquals(1_000_000_000L, Listener.bytes("1GB"));
        assertEquals(1L << 30, Listener.bytes("1GiB"));
        assertEquals(10_000_000L, Listener.bytes("10mb"));
        assertEquals(500_000L, Listener.bytes("500K"));
        assertEquals(12345, Listener.bytes("12345"));
        assertThrows(IllegalArgumentException.class, () -> Listener.bytes("0"));
        assertThrows(IllegalArgumentException.class, () -> Listener.bytes("1PB"));
        assertThrows(IllegalArgumentException.class, () -> Listener.bytes("-1"));
        assertEquals(0, Listener.port("0"));
        assertThrows(IllegalArgumentException.class, () -> Listener.port("65536"));
        assertThrows(IllegalArgumentException.class, () -> Listener.port("http"));
    }
}
