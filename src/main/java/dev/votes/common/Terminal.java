package dev.votes.common;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Whether stderr is a terminal, so that progress bars appear only where a person watches. */
public final class Terminal {

    private Terminal() {
    }

    /**
     * True when file descriptor 2 is a terminal device (Linux: its /proc link names /dev/pts/N or /dev/ttyN). Where /proc
     * cannot tell, falls back to {@code System.console()}, which on JDK 22+ exists even for pipes, so only as a guess.
     */
    public static boolean stderrIsTerminal() {
        try {
            String target = Files.readSymbolicLink(Path.of("/proc/self/fd/2")).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return System.console() != null;
        }
    }
}
