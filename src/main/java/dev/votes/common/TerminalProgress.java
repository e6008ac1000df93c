package dev.votes.common;

import java.io.PrintWriter;
import java.util.Locale;

/**
 * Progress on stderr: {@code -v} lines, and a one-line bar (or other status) redrawn in place with carriage returns;
 * a line clears the bar first, so the two never mix.
 */
final class TerminalProgress implements Progress {

    private static final int WIDTH = 30;

    private final PrintWriter err;
    private final boolean lines;
    private final boolean bar;
    private int drawn;

    TerminalProgress(PrintWriter err, boolean lines, boolean bar) {
        this.err = err;
        this.lines = lines;
        this.bar = bar;
    }

    @Override
    public synchronized void line(String text) {
        if (lines) {
            clearBar();
            err.println(text);
            err.flush();
        }
    }

    @Override
    public boolean wanted() {
        return lines;
    }

    @Override
    public boolean wantsBar() {
        return bar;
    }

    @Override
    public synchronized void bar(String task, double percent) {
        if (!bar) {
            return;
        }
        if (percent >= 0) {
            int filled = (int) Math.round(Math.min(100, percent) / 100 * WIDTH);
            status(String.format(Locale.ROOT, "[%s%s] %3.0f%% %s", "#".repeat(filled), " ".repeat(WIDTH - filled),
                    Math.min(100, percent), task));
        } else {
            status("[" + " ".repeat(WIDTH) + "]      " + task);
        }
    }

    @Override
    public synchronized void status(String text) {
        if (!bar) {
            return;
        }
        err.print("\r" + text + " ".repeat(Math.max(0, drawn - text.length())));
        err.flush();
        drawn = text.length();
    }

    @Override
    public synchronized void clearBar() {
        if (drawn > 0) {
            err.print("\r" + " ".repeat(drawn) + "\r");
            err.flush();
            drawn = 0;
        }
    }
}
