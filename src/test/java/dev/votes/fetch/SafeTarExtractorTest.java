package dev.votes.fetch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The tar reader on its own: which member it takes, what it refuses, and how it tells a truncated archive. */
class SafeTarExtractorTest {

    private static final byte[] VOTES = "{\"Id\":\"1\"}\n{\"Id\":\"2\"}\n".getBytes(StandardCharsets.UTF_8);
    private static final byte[] OTHER = "other\n".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path dir;

    Path target;

    @BeforeEach
    void createTarget() throws IOException {
        target = Files.createFile(dir.resolve("target"));
    }

    @Test
    void votesJsonlIsTakenFromAmongOtherMembersAtAnyDepth() throws IOException {
        byte[] tar = new TarWriter().entry("data/", '5', new byte[0], "").file("data/README.md", OTHER)
                .file("data/other.jsonl", OTHER).file("./data/votes.jsonl", VOTES).file("._votes.jsonl", OTHER).finish();

        SafeTarExtractor.Extracted extracted = extract(tar, 1 << 20);

        assertEquals(new SafeTarExtractor.Extracted("data/votes.jsonl", VOTES.length), extracted);
        assertArrayEquals(VOTES, Files.readAllBytes(target), "votes.jsonl wins over the .jsonl met before it");
    }

    @Test
    void theOnlyJsonlMemberIsTakenWhenNoneIsNamedVotesJsonl() throws IOException {
        assertEquals("x/dump.jsonl", extract(new TarWriter().file("x/dump.jsonl", VOTES).finish(), 1 << 20).member());
        assertArrayEquals(VOTES, Files.readAllBytes(target));
    }

    @Test
    void ambiguousOrMissingMembersAreRefused() {
        assertRefused(new TarWriter().file("a.jsonl", VOTES).file("b.jsonl", VOTES).finish(),
                "holds several .jsonl files (a.jsonl, b.jsonl) and none named votes.jsonl");
        assertRefused(new TarWriter().file("votes.jsonl", VOTES).file("old/votes.jsonl", VOTES).finish(),
                "holds two members named votes.jsonl");
        assertRefused(new TarWriter().file("README", OTHER).finish(), "holds no votes.jsonl and no other .jsonl file");
    }

    @Test
    void unsafeMembersAreRefusedWhereverTheyAre() {
        assertRefused(new TarWriter().file("votes.jsonl", VOTES).file("/etc/cron.d/x", OTHER).finish(),
                "member '/etc/cron.d/x' has an absolute path");
        assertRefused(new TarWriter().file("a/../../x", OTHER).finish(), "member 'a/../../x' has a '..' path segment");
        assertRefused(new TarWriter().file("..\\x", OTHER).finish(), "has a '..' path segment");
        assertRefused(new TarWriter().entry("votes.jsonl", '1', new byte[0], "other").finish(), "is a hard link");
        assertRefused(new TarWriter().entry("votes.jsonl", '2', new byte[0], "/etc/passwd").finish(),
                "is a symbolic link");
        assertRefused(new TarWriter().entry("dev/sda", '4', new byte[0], "").finish(), "is a device");
        assertRefused(new TarWriter().entry("pipe", '6', new byte[0], "").finish(), "is a FIFO");
    }

    @Test
    void paxAndGnuLongNamesAreReadAndChecked() throws IOException {
        String longDirectory = "d".repeat(120) + "/";
        byte[] gnu = new TarWriter().entry("././@LongLink", 'L',
                (longDirectory + "votes.jsonl\0").getBytes(StandardCharsets.UTF_8), "")
                .file("shortened", VOTES).finish();
        assertEquals(longDirectory + "votes.jsonl", extract(gnu, 1 << 20).member());
        assertArrayEquals(VOTES, Files.readAllBytes(target));

        assertRefused(new TarWriter().entry("PaxHeaders/x", 'x', pax("path", "../../evil"), "")
                .file("votes.jsonl", VOTES).finish(), "member '../../evil' has a '..' path segment");
    }

    @Test
    void aTruncatedArchiveIsToldApart() {
        byte[] whole = new TarWriter().file("votes.jsonl", VOTES).finish();
        assertRefused(Arrays.copyOf(whole, 512 + 10), "is truncated: it ends inside member votes.jsonl");
        assertRefused(Arrays.copyOf(whole, 300), "is truncated: it ends inside a tar header");
        assertRefused(new TarWriter().file("votes.jsonl", VOTES).withoutEnd(),
                "is truncated: it ends without the tar end-of-archive marker");
    }

    @Test
    void aDamagedHeaderIsRefused() {
        byte[] tar = new TarWriter().file("votes.jsonl", VOTES).finish();
        tar[10] ^= 1;
        assertRefused(tar, "the header at byte 0 has a wrong checksum");
    }

    @Test
    void aMemberOverTheLimitIsRefusedBeforeItIsWritten() {
        assertRefused(new TarWriter().file("votes.jsonl", VOTES).finish(), VOTES.length - 1,
                "has member votes.jsonl of " + VOTES.length + " bytes, over the --max-bytes limit of " + (VOTES.length - 1));
    }

    private SafeTarExtractor.Extracted extract(byte[] tar, long maxBytes) throws IOException {
        return new SafeTarExtractor(maxBytes).extract(new ByteArrayInputStream(tar), target);
    }

    private void assertRefused(byte[] tar, String expected) {
        assertRefused(tar, 1 << 20, expected);
    }

    private void assertRefused(byte[] tar, long maxBytes, String expected) {
        ArchiveException refused = assertThrows(ArchiveException.class, () -> extract(tar, maxBytes));
        assertTrue(refused.getMessage().contains(expected), () -> "expected '" + expected + "' in: " + refused.getMessage());
    }

    private static byte[] pax(String key, String value) {
        String body = " " + key + "=" + value + "\n";
        int length = body.length() + 1;
        while (String.valueOf(length).length() + body.length() != length) {
            length++;
        }
        return (length + body).getBytes(StandardCharsets.UTF_8);
    }
}
