package dev.votes.common;

import java.io.PrintWriter;

/**
 * Where a service tells what it is doing: lines for {@code -v}, and on a terminal a progress bar. Services ask
 * {@link #wanted()} before working out a line that costs something (a query), and {@link #wantsBar()} before polling
 * the engine for a bar, so a quiet run does no extra work.
 */
@FunctionalInterface
public interface Progress {

    /** When to draw progress bars on stderr ({@code --progress}). */
    enum When { auto, always, never }

    /** Says nothing, and wants nothing worked out. */
    Progress QUIET = line -> {
    };

    /**
     * Progress on stderr: {@code -v} lines when {@code lines}, and when {@code bar} (stderr is a terminal) a one-line
     * bar or status redrawn in place; the one renderer of every command's progress.
     */
    static Progress onTerminal(PrintWriter err, boolean lines, boolean bar) {
        return new TerminalProgress(err, lines, bar);
    }

    void line(String text);

    default boolean wanted() {
        return this != QUIET;
    }

    /** Whether a progress bar is shown (stderr is a terminal, or {@code --progress always}). */
    default boolean wantsBar() {
        return false;
    }

    /** Redraws the bar: what is being done, and how far it is (0..100, or negative when not known). */
    default void bar(String task, double percent) {
    }

    /** Redraws the bar's line with a text of its own (a download's bytes, say). */
    default void status(String text) {
    }

    /** Removes the bar, so the next line starts clean. */
    default void clearBar() {
    }
}
