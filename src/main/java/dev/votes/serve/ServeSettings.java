package dev.votes.serve;

import java.security.MessageDigest;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;

import jakarta.inject.Singleton;

import dev.votes.common.PlausibleDates;
import dev.votes.warehouse.WarehouseFile;

/**
 * What the running server works on: the warehouse (with the DuckDB settings every open uses, so that the opens of one
 * process share one database instance), and the write token. Set by {@code votes serve} (or a test) once the
 * application has started; until then the API answers 503.
 */
@Singleton
public class ServeSettings {

    private volatile WarehouseFile warehouse;
    private volatile String token;
    private volatile LocalDate earliest = PlausibleDates.DEFAULT_EARLIEST;

    /** Serves this warehouse; {@code token} null or empty: writes need no token. Uploads keep the default dates. */
    public void configure(WarehouseFile warehouse, String token) {
        configure(warehouse, token, PlausibleDates.earliestFromEnvironment());
    }

    /** As {@link #configure(WarehouseFile, String)}, with the earliest plausible vote date of uploads. */
    public void configure(WarehouseFile warehouse, String token, LocalDate earliest) {
        this.token = token == null || token.isEmpty() ? null : token;
        this.earliest = earliest;
        this.warehouse = warehouse;
    }

    /** The earliest plausible vote date of an upload ({@code --earliest-date}). */
    public LocalDate earliest() {
        return earliest;
    }

    /** The warehouse, or null before {@link #configure}. */
    public WarehouseFile warehouse() {
        return warehouse;
    }

    public boolean tokenRequired() {
        return token != null;
    }

    /** Whether an {@code Authorization} header carries the token (compared in constant time). */
    public boolean authorizes(String authorization) {
        String expected = token;
        if (expected == null) {
            return true;
        }
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return false;
        }
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8),
                authorization.substring(7).strip().getBytes(StandardCharsets.UTF_8));
    }
}
