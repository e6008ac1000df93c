package dev.votes.common;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** Whether stdout or stderr is a terminal, so that progress bars and colour appear only where a person watches. */
public final class Terminal {

    private Terminal() {
    }

    /** True when file descriptor 2 is a terminal device; see {@link #isTerminal(int)}. */
    public static boolean stderrIsTerminal() {
        return isTerminal(2);
    }

    /** True when file descriptor 1 is a terminal device; see {@link #isTerminal(int)}. */
    public static boolean stdoutIsTerminal() {
        return isTerminal(1);
    }

    /** Whether error lines (stderr) may be coloured: stderr is a terminal and NO_COLOR is unset or empty. */
    public static boolean colourOnStderr() {
        return colour(System.getenv(), stderrIsTerminal());
    }

    /** Whether help (stdout) may be coloured: stdout is a terminal and NO_COLOR is unset or empty. */
    public static boolean colourOnStdout() {
        return colour(System.getenv(), stdoutIsTerminal());
    }

    /**
     * Colour only on a terminal, and never when the environment sets NO_COLOR to a non-empty value
     * (https://no-color.org).
     */
    static boolean colour(Map<String, String> environment, boolean terminal) {
        String noColor = environment.get("NO_COLOR");
        return terminal && (noColor == null || noColor.isEmpty());
    }

    /**
     * True when the file descriptor is a terminal device (Linux: its /proc link names /dev/pts/N or /dev/ttyN). Where
     * /proc cannot tell, falls back to {@code System.console()}, which on JDK 22+ exists even for pipes, so only as a
     * guess.
     */
    private static boolean isTerminal(int descriptor) {
        try {
            String target = Files.readSymbolicLink(Path.of("/proc/self/fd/" + descriptor)).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return System.console() != null;
        }
    }
}
