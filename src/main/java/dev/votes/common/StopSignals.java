package dev.votes.common;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * While open, SIGINT and SIGTERM do not end the process: the first one is handed to a callback (which cancels the work
 * in progress so it can roll back and be recorded), a second one ends the process at once, as users expect of a
 * second Ctrl-C. Closing restores the previous handlers. Where a signal cannot be trapped (a JVM started with -Xrs),
 * it keeps its default meaning.
 */
public final class StopSignals implements AutoCloseable {

    /** A signal the tool stops on, with the exit code that reports it. */
    public enum Stop {
        SIGINT("INT", ExitCodes.INTERRUPTED),
        SIGTERM("TERM", ExitCodes.TERMINATED);

        final String signalName;
        final int exitCode;

        Stop(String signalName, int exitCode) {
            this.signalName = signalName;
            this.exitCode = exitCode;
        }

        public int exitCode() {
            return exitCode;
        }
    }

    private final List<Runnable> restore = new ArrayList<>();
    private volatile Stop received;

    private StopSignals() {
    }

    /** Traps SIGINT and SIGTERM; {@code onFirst} runs on the signal's thread. */
    public static StopSignals trap(Consumer<Stop> onFirst) {
        StopSignals signals = new StopSignals();
        for (Stop stop : Stop.values()) {
            Signal signal = new Signal(stop.signalName);
            try {
                SignalHandler previous = Signal.handle(signal, ignored -> signals.received(stop, onFirst));
                signals.restore.add(() -> Signal.handle(signal, previous));
            } catch (IllegalArgumentException | UnsupportedOperationException e) {
                // Reserved by the VM here (e.g. -Xrs): the signal keeps its default meaning.
            }
        }
        return signals;
    }

    /** The first stop signal received, or null. */
    public Stop received() {
        return received;
    }

    private synchronized void received(Stop stop, Consumer<Stop> onFirst) {
        if (received != null) {
            Runtime.getRuntime().halt(stop.exitCode);
        }
        received = stop;
        onFirst.accept(stop);
    }

    @Override
    public void close() {
        restore.forEach(Runnable::run);
        restore.clear();
    }
}
