package dev.votes.common;

import java.util.Locale;

/**
 * Where a run's time goes, on stderr, when the environment has {@code VOTES_TRACE=1}: one line per phase (library
 * load, warehouse open, each named statement, file hashing) with the time since {@code main} started and the phase's
 * own time. Off by default, and then free: the method of PERFORMANCE.md's phase table.
 */
public final class Trace {

    /** Read at run time (the native binary initializes classes at build time: no static environment reads). */
    private static final class Holder {
        static final boolean ON = System.getenv("VOTES_TRACE") != null;
        static final long ORIGIN = System.nanoTime();
    }

    private Trace() {
    }

    /** A phase's start: pass it to {@link #done}. */
    public static long start() {
        return Holder.ON ? System.nanoTime() : 0;
    }

    /** Reports a phase that began at {@code started}. */
    public static void done(String phase, long started) {
        if (Holder.ON) {
            long now = System.nanoTime();
            System.err.printf(Locale.ROOT, "[trace] %7.1f ms %6.1f ms  %s%n", (now - Holder.ORIGIN) / 1e6,
                    (now - started) / 1e6, phase);
        }
    }
}
