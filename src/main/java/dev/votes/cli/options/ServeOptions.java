package dev.votes.cli.options;

import java.nio.file.Files;
import java.nio.file.Path;

import dev.votes.config.Configuration;
import dev.votes.config.Environment;
import dev.votes.config.Setting;
import dev.votes.config.SettingsProblem;
import dev.votes.serve.Listener;

/**
 * What {@code votes serve} needs before Quarkus starts, read from the raw arguments: whether this is {@code serve} at
 * all, and its listener settings. Values that do not parse, and an address beyond this machine without a token, leave
 * the listener off; picocli reports them afterwards ({@code dev.votes.cli.ServeCommand}, exit 2). What goes wrong when
 * the listener starts is one line ({@link Listener#startFailure}, exit 8 when it could not listen).
 */
public final class ServeOptions {

    private ServeOptions() {
    }

    /** Whether the arguments run {@code serve} (after any options of {@code votes} itself). */
    public static boolean isServe(String... args) {
        int command = commandIndex(args);
        return command >= 0 && Listener.COMMAND.equals(args[command]);
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
        boolean serve = command >= 0 && Listener.COMMAND.equals(args[command]);
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
                port = port != null ? port
                        : settings.valueOr(Setting.SERVE_PORT, String.valueOf(Listener.DEFAULT_PORT));
                bind = bind != null ? bind : settings.valueOr(Setting.SERVE_BIND, Listener.DEFAULT_BIND);
                maxUpload = maxUpload != null ? maxUpload
                        : settings.valueOr(Setting.SERVE_MAX_UPLOAD, Listener.DEFAULT_MAX_UPLOAD);
                token = token != null ? token : settings.valueOr(Setting.SERVE_TOKEN, null);
                database = database != null ? database : settings.valueOr(Setting.DB, Listener.DEFAULT_DATABASE);
                int portNumber = Listener.port(port);
                long limit = Listener.bytes(maxUpload);
                if (bind.isBlank() || Listener.bindRefusal(bind, token) != null) {
                    throw new IllegalArgumentException("--bind refused");
                }
                Path scratch = Listener.scratchDirectory(Path.of(System.getProperty("java.io.tmpdir")),
                        Path.of(database));
                System.setProperty("quarkus.http.port", String.valueOf(portNumber));
                System.setProperty("quarkus.http.host", bind);
                System.setProperty("quarkus.http.limits.max-body-size", String.valueOf(limit));
                System.setProperty("quarkus.http.body.uploads-directory", scratch.resolve(Listener.UPLOADS).toString());
                // Vert.x unpacks the page's resources here (by default it makes /tmp/vertx-cache, and cannot on a
                // read-only root file system); it creates the directory and removes it when it closes.
                System.setProperty("quarkus.vertx.cache-directory", scratch.resolve(Listener.VERTX_CACHE).toString());
                return null;
            } catch (IllegalArgumentException | SettingsProblem e) {
                // picocli reports the bad value or file (exit 2; an invalid --db path too); the listener stays off.
            } catch (Listener.ScratchException e) {
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
}
