package dev.votes.common;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import sun.misc.Signal;
import sun.misc.SignalHandler;

import dev.votes.failure.StopSignal;

/**
 * While open, SIGINT and SIGTERM do not end the process: the first one is handed to a callback (which cancels the work
 * in progress so it can roll back and be recorded), a second one ends the process at once, as users expect of a
 * second Ctrl-C. Closing restores the previous handlers. Where a signal cannot be trapped (a JVM started with -Xrs),
 * it keeps its default meaning.
 */
public final class StopSignals implements AutoCloseable {

    private final List<Runnable> restore = new ArrayList<>();
    private volatile StopSignal received;

    private StopSignals() {
    }

    /** Traps SIGINT and SIGTERM; {@code onFirst} runs on the signal's thread. */
    public static StopSignals trap(Consumer<StopSignal> onFirst) {
        StopSignals signals = new StopSignals();
        for (StopSignal stop : StopSignal.values()) {
            Signal signal = new Signal(stop.signalName());
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
    public StopSignal received() {
        return received;
    }

    private synchronized void received(StopSignal stop, Consumer<StopSignal> onFirst) {
        if (received != null) {
            // Ends the process as the signal's default action would report it in a shell: 128 + its number.
            Runtime.getRuntime().halt(128 + stop.number());
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
