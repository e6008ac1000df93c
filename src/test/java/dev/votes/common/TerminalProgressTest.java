package dev.votes.common;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.PrintWriter;
import java.io.StringWriter;

import org.junit.jupiter.api.Test;

/** The one progress renderer: ingest's bar and fetch-data's download line are drawn, padded and cleared alike. */
class TerminalProgressTest {

    @Test
    void aStatusIsRedrawnInPlacePaddedOverTheLongerOneAndClearedBeforeALine() {
        StringWriter err = new StringWriter();
        Progress progress = Progress.onTerminal(new PrintWriter(err), true, true);

        progress.status("downloading: 1.0 of 2.0 MB (50%)");
        progress.status("downloading: 2.0 MB");
        progress.line("retrying");
        progress.bar("loading", -1);
        progress.bar("loading", 50);
        progress.clearBar();
        progress.clearBar();

        String bar = "[" + " ".repeat(30) + "]      loading";
        String half = "[" + "#".repeat(15) + " ".repeat(15) + "]  50% loading";
        assertEquals("\rdownloading: 1.0 of 2.0 MB (50%)"
                + "\rdownloading: 2.0 MB" + " ".repeat(13)
                + "\r" + " ".repeat(19) + "\r" + "retrying" + System.lineSeparator()
                + "\r" + bar
                + "\r" + half
                + "\r" + " ".repeat(half.length()) + "\r", err.toString());
    }

    @Test
    void withoutABarNothingIsDrawnAndWithoutLinesNothingIsSaid() {
        StringWriter err = new StringWriter();
        Progress quietBar = Progress.onTerminal(new PrintWriter(err), true, false);
        quietBar.status("downloading: 1.0 MB");
        quietBar.bar("loading", 10);
        quietBar.line("detail");
        Progress noLines = Progress.onTerminal(new PrintWriter(err), false, true);
        noLines.line("detail");

        assertEquals("detail" + System.lineSeparator(), err.toString());
    }
}
