package dev.votes.serve;

import java.io.IOException;
import java.io.PrintStream;
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

import dev.votes.cli.exit.ExitCodes;
import dev.votes.common.Size;
import dev.votes.common.Text;
import dev.votes.config.Configuration;
import dev.votes.config.Environment;
import dev.votes.config.Setting;
import dev.votes.config.SettingsProblem;

/**
 * What {@code votes serve} needs before Quarkus starts, read from the raw arguments: whether this is {@code serve} at
 * all, and its listener settings. Values that do not parse, and an address beyond this machine without a token, leave
 * the listener off; picocli reports them afterwards ({@code dev.votes.cli.ServeCommand}, exit 2). What goes wrong when
 * the listener starts is one line and exit 8 ({@link #startFailed}).
 */
public final class ServeOptions {

    public static final String COMMAND = "serve";
    public static final int DEFAULT_PORT = 8080;
    public static final String DEFAULT_BIND = "127.0.0.1";
    public static final String DEFAULT_MAX_UPLOAD = "1GB";
    public static final String TOKEN_ENVIRONMENT = "VOTES_TOKEN";
    /** Sets the default of {@code --bind} (the container image sets it to 0.0.0.0). */
    public static final String BIND_ENVIRONMENT = "VOTES_BIND";
    /** The database's default, as {@code dev.votes.common.DatabaseOptions} has it. */
    private static final String DEFAULT_DATABASE = "warehouse.db";
    /** The subdirectories of serve's scratch directory. */
    private static final String UPLOADS = "uploads";
    private static final String VERTX_CACHE = "vertx-cache";

    private ServeOptions() {
    }

    /** Whether the arguments run {@code serve} (after any options of {@code votes} itself). */
    public static boolean isServe(String... args) {
        int command = commandIndex(args);
        return command >= 0 && COMMAND.equals(args[command]);
    }

    /**
     * Where the command's name is among the arguments: after the options {@code votes} itself takes before it
     * ({@code --config FILE}, {@code --no-config}, {@code --cache-dir DIR}); -1 when there is none.
     */
    static int commandIndex(String... args) {
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("--no-config") || arg.startsWith("--config=") || arg.startsWith("--cache-dir=")) {
                continue;
            }
            if (arg.equals("--config") || arg.equals("--cache-dir")) {
                i++;
                continue;
            }
            return i;
        }
        return -1;
    }

    /**
     * Sets the HTTP listener's system properties from the command line (see {@link dev.votes.cli.VotesMain}). Returns
     * null, or why serve cannot start although its options are good (no writable scratch directory: see {@link
     * #scratchDirectory}), for the caller to report in one line with exit code 1.
     */
    public static String configureHttp(String... args) {
        return configureHttp(Environment.current(), args);
    }

    /**
     * As {@link #configureHttp(String...)}: what no flag gives comes from the environment, then the configuration file
     * ({@link Configuration}, as picocli's defaults do), then the built-in default.
     */
    static String configureHttp(Environment environment, String... args) {
        String port = null;
        String bind = null;
        String maxUpload = null;
        String token = null;
        String database = null;
        String config = null;
        boolean noConfig = false;
        int command = commandIndex(args);
        boolean serve = command >= 0 && COMMAND.equals(args[command]);
        for (int i = 0; serve && i < args.length; i++) {
            String arg = args[i];
            if (i == command) {
                continue;
            }
            if (arg.equals("--no-config")) {
                noConfig = true;
                continue;
            }
            String name = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
            String value = arg.contains("=") ? arg.substring(arg.indexOf('=') + 1) : i + 1 < args.length ? args[i + 1] : null;
            switch (name) {
                case "-h", "--help", "-V", "--version" -> serve = false;
                case "--port" -> port = value;
                case "--bind" -> bind = value;
                case "--max-upload" -> maxUpload = value;
                case "--token" -> token = value;
                case "--config" -> config = value;
                case "--db" -> database = value;
                case "--cache-dir" -> {
                }
                default -> {
                    continue;
                }
            }
            if (!arg.contains("=")) {
                i++;
            }
        }
        if (serve) {
            try {
                Configuration settings = Configuration.load(config == null ? null : Path.of(config), noConfig,
                        environment);
                port = port != null ? port : settings.valueOr(Setting.SERVE_PORT, String.valueOf(DEFAULT_PORT));
                bind = bind != null ? bind : settings.valueOr(Setting.SERVE_BIND, DEFAULT_BIND);
                maxUpload = maxUpload != null ? maxUpload : settings.valueOr(Setting.SERVE_MAX_UPLOAD, DEFAULT_MAX_UPLOAD);
                token = token != null ? token : settings.valueOr(Setting.SERVE_TOKEN, null);
                database = database != null ? database : settings.valueOr(Setting.DB, DEFAULT_DATABASE);
                int portNumber = port(port);
                long limit = bytes(maxUpload);
                if (bind.isBlank() || bindRefusal(bind, token) != null) {
                    throw new IllegalArgumentException("--bind refused");
                }
                Path scratch = scratchDirectory(Path.of(System.getProperty("java.io.tmpdir")), Path.of(database));
                System.setProperty("quarkus.http.port", String.valueOf(portNumber));
                System.setProperty("quarkus.http.host", bind);
                System.setProperty("quarkus.http.limits.max-body-size", String.valueOf(limit));
                System.setProperty("quarkus.http.body.uploads-directory", scratch.resolve(UPLOADS).toString());
                // Vert.x unpacks the page's resources here (by default it makes /tmp/vertx-cache, and cannot on a
                // read-only root file system); it creates the directory and removes it when it closes.
                System.setProperty("quarkus.vertx.cache-directory", scratch.resolve(VERTX_CACHE).toString());
                return null;
            } catch (IllegalArgumentException | SettingsProblem e) {
                // picocli reports the bad value or file (exit 2; an invalid --db path too); the listener stays off.
            } catch (ScratchException e) {
                listenerOff();
                return e.getMessage();
            }
        }
        listenerOff();
        return null;
    }

    /**
     * No listener (serve --help, or options picocli will refuse): no uploads to receive and nothing for Vert.x to serve
     * from the class path, so no directory is made for either (by default they would be made in the temp directory,
     * and on a read-only root file system serve would die there before picocli could say what is wrong). The REST
     * layer insists on an uploads directory at start: it gets the temp directory itself, which exists, and where
     * nothing is written, as no request can arrive.
     */
    private static void listenerOff() {
        System.setProperty("quarkus.http.host-enabled", "false");
        System.setProperty("quarkus.http.body.handle-file-uploads", "false");
        Path temp = Path.of(System.getProperty("java.io.tmpdir", "/"));
        System.setProperty("quarkus.http.body.uploads-directory", Files.isDirectory(temp) ? temp.toString() : "/");
        System.setProperty("quarkus.vertx.caching", "false");
        System.setProperty("quarkus.vertx.classpath-resolving", "false");
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
     * Reports a serve that could not start, in one line on {@code err}, and returns its exit code: {@link
     * ExitCodes#LISTEN_FAILED} when it could not listen (the port is in use, the address is not this machine's, the
     * port needs privileges), {@link ExitCodes#FAILURE} for anything else.
     */
    public static int startFailed(Throwable failure, PrintStream err) {
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
            err.println("votes serve: cannot listen on " + where + ": " + why);
            err.flush();
            return ExitCodes.LISTEN_FAILED;
        }
        err.println("votes serve: could not start: " + Text.firstLine(String.valueOf(root)));
        err.flush();
        return ExitCodes.FAILURE;
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
