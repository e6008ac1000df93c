package dev.votes.serve;

import java.io.IOException;
import java.io.PrintStream;
import java.net.BindException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;

import dev.votes.common.ErrorHandler;
import dev.votes.config.Configuration;
import dev.votes.config.Environment;
import dev.votes.config.Setting;
import dev.votes.config.SettingsProblem;
import dev.votes.common.ExitCodes;
import dev.votes.common.Size;

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

    /** Sets the HTTP listener's system properties from the command line (see {@link dev.votes.cli.VotesMain}). */
    public static void configureHttp(String... args) {
        configureHttp(Environment.current(), args);
    }

    /**
     * As {@link #configureHttp(String...)}: what no flag gives comes from the environment, then the configuration file
     * ({@link Configuration}, as picocli's defaults do), then the built-in default.
     */
    static void configureHttp(Environment environment, String... args) {
        String port = null;
        String bind = null;
        String maxUpload = null;
        String token = null;
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
                int portNumber = port(port);
                long limit = bytes(maxUpload);
                if (bind.isBlank() || bindRefusal(bind, token) != null) {
                    throw new IllegalArgumentException("--bind refused");
                }
                System.setProperty("quarkus.http.port", String.valueOf(portNumber));
                System.setProperty("quarkus.http.host", bind);
                System.setProperty("quarkus.http.limits.max-body-size", String.valueOf(limit));
                System.setProperty("quarkus.http.body.uploads-directory", privateUploadDirectory().toString());
                return;
            } catch (IllegalArgumentException | IOException | SettingsProblem e) {
                // picocli reports the bad value or file (exit 2); the listener stays off.
            }
        }
        System.setProperty("quarkus.http.host-enabled", "false");
    }

    /**
     * Why serve may not listen on {@code bind}, or null. An address beyond this machine (0.0.0.0, a network interface,
     * a name for one) needs a token: without one, anyone who reaches it could write. Blank, or a name that does not
     * resolve, is refused too.
     */
    public static String bindRefusal(String bind, String token) {
        if (bind == null || bind.isBlank()) {
            return "Invalid value for option '--bind': an address is needed, e.g. 127.0.0.1";
        }
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(bind.strip());
        } catch (UnknownHostException e) {
            return "Invalid value for option '--bind': '" + bind + "' is neither an IP address nor a name that resolves";
        }
        if (Arrays.stream(addresses).allMatch(InetAddress::isLoopbackAddress) || token != null && !token.isEmpty()) {
            return null;
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
            why = ErrorHandler.firstLine(message);
        }
        if (why != null) {
            err.println("votes serve: cannot listen on " + where + ": " + why);
            err.flush();
            return ExitCodes.LISTEN_FAILED;
        }
        err.println("votes serve: could not start: " + ErrorHandler.firstLine(String.valueOf(root)));
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

    /** Where the listener streams uploads: a new directory only this user may enter; removed when serve ends. */
    private static Path privateUploadDirectory() throws IOException {
        Path directory = Files.createTempDirectory("votes-serve-",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        directory.toFile().deleteOnExit();
        return directory;
    }
}
