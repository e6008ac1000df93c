package dev.votes.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

import dev.votes.serve.Listener;
import dev.votes.warehouse.EngineSettings;

/** One rule for every size option, DuckDB's: KB, MB, GB, TB are powers of 1000, KiB .. TiB powers of 1024. */
class SizeTest {

    @Test
    void decimalAndBinaryUnitsAsDuckDbReadsThem() {
        assertEquals(1_000_000_000L, Size.parse("1GB").bytes());
        assertEquals(1L << 30, Size.parse("1GiB").bytes());
        assertEquals(1_500_000_000L, Size.parse("1.5 gb").bytes());
        assertEquals(500_000L, Size.parse("500K").bytes());
        assertEquals(3L << 40, Size.parse("3TiB").bytes());
        assertEquals(12345L, Size.parse("12345").bytes());
        assertEquals(12345L, Size.parse("12345B").bytes());
        assertEquals("512MiB", Size.parse("512mib").toString());
        assertEquals("12345B", Size.parse("12345").toString());
        assertThrows(IllegalArgumentException.class, () -> Size.parse("lots"));
        assertThrows(IllegalArgumentException.class, () -> Size.parse("-1GB"));
        assertThrows(IllegalArgumentException.class, () -> Size.parse("1PB"));
        assertThrows(IllegalArgumentException.class, () -> Size.parse("999999999999999TiB"));
    }

    @Test
    void maxUploadAndMemoryLimitReadTheSameSizeAlike() {
        assertEquals(1_000_000_000L, Listener.bytes("1GB"), "--max-upload 1GB is 10^9 bytes, as --memory-limit's");
        assertEquals(1L << 30, Listener.bytes("1GiB"));
        assertEquals("1GB", EngineSettings.memoryLimit("1gb"));
        assertEquals("1GiB", EngineSettings.memoryLimit("1 GiB"));
        assertEquals("40000000B", EngineSettings.memoryLimit("40000000"));
        assertThrows(IllegalArgumentException.class, () -> Listener.bytes("0"));
        assertThrows(IllegalArgumentException.class, () -> EngineSettings.memoryLimit("31MB"));
    }
}
