package dev.votes.serve;

import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import dev.votes.common.Size;
import dev.votes.common.Text;
import dev.votes.failure.ListenFailed;
import dev.votes.failure.NothingCommitted;
import dev.votes.failure.VotesFailure;

/**
 * The HTTP listener of {@code votes serve}: its settings' defaults and rules (the CLI reads the options by them, {@code
 * dev.votes.cli.options.ServeOptions}; the settings table checks file and environment values by them), its scratch
 * directory, and why it could not start ({@link #startFailure}).
 */
public final class Listener {

    public static final String COMMAND = "serve";
    public static final int DEFAULT_PORT = 8080;
    public static final String DEFAULT_BIND = "127.0.0.1";
    public static final String DEFAULT_MAX_UPLOAD = "1GB";
    public static final String TOKEN_ENVIRONMENT = "VOTES_TOKEN";
    /** Sets the default of {@code --bind} (the container image sets it to 0.0.0.0). */
    public static final String BIND_ENVIRONMENT = "VOTES_BIND";
    /** The database's default, as {@code dev.votes.cli.options.DatabaseOptions} has it. */
    public static final String DEFAULT_DATABASE = "warehouse.db";
    /** The subdirectories of serve's scratch directory. */
    public static final String UPLOADS = "uploads";
    public static final String VERTX_CACHE = "vertx-cache";

    private Listener() {
    }

    /** {@code --bind}'s default: {@code VOTES_BIND} when set, else {@value #DEFAULT_BIND}. */
    public static String defaultBind(Map<String, String> env) {
        String bind = env.get(BIND_ENVIRONMENT);
        return bind == null ? DEFAULT_BIND : bind;
    }

    /**
     * Why serve may not listen on {@code bind}, or null. An address beyond this machine (0.0.0.0, a network interface,
     * a name for one) needs a token: without one, anyone who reaches it could write. Blank, or a name that does not
     * resolve, is refused too.
     */
    public static String bindRefusal(String bind, String token) {
        return bindRefusal(bind, token, false);
    }

    /**
     * As {@link #bindRefusal(String, String)}; {@code fromEnvironment}: the address is {@code VOTES_BIND}'s (no
     * {@code --bind} was given), and the message says so and what to set: in a container, {@code VOTES_TOKEN}.
     */
    public static String bindRefusal(String bind, String token, boolean fromEnvironment) {
        String what = fromEnvironment ? "environment variable " + BIND_ENVIRONMENT : "option '--bind'";
        if (bind == null || bind.isBlank()) {
            return "Invalid value for " + what + ": an address is needed, e.g. 127.0.0.1";
        }
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(bind.strip());
        } catch (UnknownHostException e) {
            return "Invalid value for " + what + ": '" + bind + "' is neither an IP address nor a name that resolves";
        }
        if (Arrays.stream(addresses).allMatch(InetAddress::isLoopbackAddress) || token != null && !token.isEmpty()) {
            return null;
        }
        if (fromEnvironment) {
            return BIND_ENVIRONMENT + "=" + bind + " listens beyond this machine (or container), where anyone who "
                    + "reaches it could write: set " + TOKEN_ENVIRONMENT + " (docker run -e " + TOKEN_ENVIRONMENT
                    + "=...) or give --token TOKEN so that writes need it, or give --bind " + DEFAULT_BIND;
        }
        return "--bind " + bind + " listens beyond this machine, where anyone who reaches it could write: give --token "
                + "TOKEN (or env " + TOKEN_ENVIRONMENT + ") so that writes need it, or keep the default "
                + DEFAULT_BIND;
    }

    /**
     * Why a serve could not start, as the failure to report: {@link ListenFailed} when it could not listen (the port is
     * in use, the address is not this machine's, the port needs privileges), {@link NothingCommitted} for anything
     * else. The message is the line after {@code votes serve: }.
     */
    public static VotesFailure startFailure(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String host = System.getProperty("quarkus.http.host", DEFAULT_BIND);
        String where = (host.contains(":") ? "[" + host + "]" : host) + ":"
                + System.getProperty("quarkus.http.port", String.valueOf(DEFAULT_PORT));
        String message = String.valueOf(root.getMessage());
        String why = null;
        if (message.contains("Address already in use")) {
            why = "the port is in use (another votes serve?): choose another --port, or --port 0 for any free one";
        } else if (message.contains("Cannot assign requested address")) {
            why = "the address is not one of this machine's (check --bind)";
        } else if (message.contains("Permission denied")) {
            why = "permission denied (ports below 1024 need privileges: choose a higher --port)";
        } else if (root instanceof BindException || root instanceof UnknownHostException) {
            // QuarkusBindException too (a BindException): its message names the host, port and the system's reason.
            why = Text.firstLine(message);
        }
        if (why != null) {
            return new ListenFailed(where, why, failure);
        }
        return new NothingCommitted("could not start: " + Text.firstLine(String.valueOf(root)), failure);
    }

    /** A port number 0..65535 (0: any free port). */
    public static int port(String text) {
        try {
            int port = Integer.parseInt(text == null ? "" : text.strip());
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException(text + " is not a port number 0..65535");
            }
            return port;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(text + " is not a port number 0..65535", e);
        }
    }

    /** A size in bytes by the one rule of {@link Size} ({@code 1GB} = 10^9, {@code 1GiB} = 2^30), at least 1. */
    public static long bytes(String text) {
        long bytes = Size.parse(text).bytes();
        if (bytes < 1) {
            throw new IllegalArgumentException("'" + text + "' is less than one byte");
        }
        return bytes;
    }

    /**
     * serve's scratch directory, a new directory only this user may enter, removed when serve ends: the listener
     * streams uploads into its {@code uploads/}, Vert.x unpacks the page's resources into its {@code vertx-cache/}. It
     * is made in the temp directory ({@code votes-serve-*}); when that cannot be written (a read-only root file system
     * without a volume on /tmp), beside the warehouse ({@code <warehouse>.serve-*}), which must be writable anyway.
     *
     * @throws ScratchException when neither can be written; its message is the one line to print
     */
    public static Path scratchDirectory(Path temp, Path warehouse) {
        Path absolute = warehouse.toAbsolutePath().normalize();
        String name = absolute.getFileName() == null ? DEFAULT_DATABASE : absolute.getFileName().toString();
        List<String> problems = new ArrayList<>();
        for (Scratch candidate : List.of(new Scratch(temp, "votes-serve-", "the temp directory"),
                new Scratch(absolute.getParent(), name + ".serve-", "the warehouse's directory"))) {
            try {
                Path directory = Files.createTempDirectory(candidate.parent(), candidate.prefix(),
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
                Path uploads = Files.createDirectory(directory.resolve(UPLOADS));
                // Deleted at exit in the reverse order: the subdirectories (empty by then: the listener deletes each
                // upload when its request ends, Vert.x its cache when it closes), then the directory.
                directory.toFile().deleteOnExit();
                directory.resolve(VERTX_CACHE).toFile().deleteOnExit();
                uploads.toFile().deleteOnExit();
                return directory;
            } catch (IOException | UnsupportedOperationException | SecurityException e) {
                problems.add(candidate.parent() + " (" + candidate.what() + "): " + reason(e));
            }
        }
        throw new ScratchException("votes serve: no writable directory for uploads: " + String.join("; ", problems)
                + " (make the warehouse's directory writable: in a container, mount a volume there)");
    }

    private record Scratch(Path parent, String prefix, String what) {
    }

    private static String reason(Exception e) {
        if (e instanceof FileSystemException fileSystem && fileSystem.getReason() != null) {
            return fileSystem.getReason();
        }
        if (e instanceof NoSuchFileException) {
            return "no such directory";
        }
        return Text.firstLine(String.valueOf(e.getMessage()));
    }

    /** No writable scratch directory (see {@link #scratchDirectory}). */
    public static final class ScratchException extends RuntimeException {

        ScratchException(String message) {
            super(message, null, false, false);
        }
    }
}

