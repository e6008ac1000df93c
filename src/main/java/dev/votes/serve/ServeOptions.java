package dev.votes.serve;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What {@code votes serve} needs before Quarkus starts, read from the raw arguments: whether this is {@code serve} at
 * all, and its listener settings. Values that do not parse leave the listener off; picocli reports them afterwards.
 */
public final class ServeOptions {

    public static final String COMMAND = "serve";
    public static final int DEFAULT_PORT = 8080;
    public static final String DEFAULT_BIND = "127.0.0.1";
    public static final String DEFAULT_MAX_UPLOAD = "1GB";

    private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*(|B|K|KB|KIB|M|MB|MIB|G|GB|GIB)",
            Pattern.CASE_INSENSITIVE);

    private ServeOptions() {
    }

    /** Sets the HTTP listener's system properties from the command line (see {@link dev.votes.cli.VotesMain}). */
    public static void configureHttp(String... args) {
        String port = String.valueOf(DEFAULT_PORT);
        String bind = DEFAULT_BIND;
        String maxUpload = DEFAULT_MAX_UPLOAD;
        boolean serve = args.length > 0 && COMMAND.equals(args[0]);
        for (int i = 1; serve && i < args.length; i++) {
            String arg = args[i];
            String name = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
            String value = arg.contains("=") ? arg.substring(arg.indexOf('=') + 1) : i + 1 < args.length ? args[i + 1] : null;
            switch (name) {
                case "-h", "--help", "-V", "--version" -> serve = false;
                case "--port" -> port = value;
                case "--bind" -> bind = value;
                case "--max-upload" -> maxUpload = value;
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
                int portNumber = port(port);
                long limit = bytes(maxUpload);
                if (bind == null || bind.isBlank()) {
                    throw new IllegalArgumentException("empty --bind");
                }
                System.setProperty("quarkus.http.port", String.valueOf(portNumber));
                System.setProperty("quarkus.http.host", bind);
                System.setProperty("quarkus.http.limits.max-body-size", String.valueOf(limit));
                System.setProperty("quarkus.http.body.uploads-directory", privateUploadDirectory().toString());
                return;
            } catch (IllegalArgumentException | IOException e) {
                // picocli reports the bad value (exit 2); the listener stays off.
            }
        }
        System.setProperty("quarkus.http.host-enabled", "false");
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

    /** A size in bytes: {@code 1048576}, {@code 500KB}, {@code 10MB}, {@code 1GB} (units of 1024), at least 1. */
    public static long bytes(String text) {
        Matcher size = SIZE.matcher(text == null ? "" : text.strip());
        if (!size.matches()) {
            throw new IllegalArgumentException(text + " is not a size (give bytes, or e.g. 500KB, 10MB, 1GB)");
        }
        long shift = switch (size.group(2).toUpperCase(Locale.ROOT)) {
            case "K", "KB", "KIB" -> 10;
            case "M", "MB", "MIB" -> 20;
            case "G", "GB", "GIB" -> 30;
            default -> 0;
        };
        try {
            long value = Long.parseLong(size.group(1));
            if (value < 1 || value > (Long.MAX_VALUE >> shift)) {
                throw new IllegalArgumentException(text + " is out of range");
            }
            return value << shift;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(text + " is out of range", e);
        }
    }

    /** Where the listener streams uploads: a new directory only this user may enter; removed when serve ends. */
    private static Path privateUploadDirectory() throws IOException {
        Path directory = Files.createTempDirectory("votes-serve-",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        directory.toFile().deleteOnExit();
        return directory;
    }
}
