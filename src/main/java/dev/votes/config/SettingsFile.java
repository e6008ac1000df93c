package dev.votes.config;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A configuration file, read and checked whole: {@code key = value} lines, {@code [section]} lines that prefix the keys
 * after them ({@code port} under {@code [serve]} is {@code serve.port}), and {@code #} comment lines; blank lines are
 * passed over. A value may be put in a pair of double or single quotes. Every key must be known, given once, with a
 * value its option accepts; a path is resolved against the file's directory. The first fault is a
 * {@link SettingsProblem} naming the file, the line and the key.
 */
public final class SettingsFile {

    /** Larger than this is no configuration file (and {@code /dev/zero} is not read forever). */
    static final int MAX_BYTES = 1 << 20;

    /** A setting's value (a path resolved) and the line that gave it. */
    public record Entry(String value, int line) {
    }

    private final Path file;
    private final Map<Setting, Entry> entries;

    private SettingsFile(Path file, Map<Setting, Entry> entries) {
        this.file = file;
        this.entries = Collections.unmodifiableMap(entries);
    }

    /** The file as it was named (absolute). */
    public Path file() {
        return file;
    }

    public Map<Setting, Entry> entries() {
        return entries;
    }

    /** Reads and checks {@code file} (an absolute path); {@code home} expands {@code ~/} in paths. */
    public static SettingsFile read(Path file, Path home) {
        String text = text(file);
        Map<Setting, Entry> entries = new EnumMap<>(Setting.class);
        String section = null;
        List<String> lines = text.lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            int number = i + 1;
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            if (line.startsWith("[")) {
                section = section(file, number, line);
                continue;
            }
            int equals = line.indexOf('=');
            String name = equals < 0 ? "" : line.substring(0, equals).strip();
            if (name.isEmpty()) {
                throw problem(file, number, "'" + line + "' is not 'key = value' (a line holds a setting, a [section] "
                        + "or a # comment; see 'votes config --help')");
            }
            String key = section == null ? name : section + "." + name;
            Setting setting = Setting.forKey(key);
            if (setting == null) {
                throw problem(file, number, "key '" + key + "': unknown key (" + suggestion(key) + ")");
            }
            Entry earlier = entries.get(setting);
            if (earlier != null) {
                throw problem(file, number, "key '" + key + "': given again (first on line " + earlier.line()
                        + "): keep one");
            }
            String value = unquote(line.substring(equals + 1).strip());
            if (value.isEmpty()) {
                throw problem(file, number, "key '" + key + "': no value (give one, or remove the line for the "
                        + "default)");
            }
            try {
                setting.check(value);
            } catch (IllegalArgumentException e) {
                // The option's message: "'VALUE' (what to give)" reads as an invalid value, others say it themselves.
                String message = e.getMessage();
                throw problem(file, number, "key '" + key + "': " + (message.startsWith("'" + value + "' (")
                        ? "invalid value " : "") + message);
            }
            if (setting.kind() == Setting.Kind.SECRET) {
                String refusal = exposed(file, setting);
                if (refusal != null) {
                    throw problem(file, number, "key '" + key + "': " + refusal);
                }
            }
            entries.put(setting, new Entry(setting.kind() == Setting.Kind.PATH ? path(file, value, home) : value,
                    number));
        }
        return new SettingsFile(file, entries);
    }

    private static String text(Path file) {
        if (Files.isDirectory(file)) {
            throw new SettingsProblem(file + ": is a directory (name a configuration file)");
        }
        byte[] bytes;
        try (InputStream in = Files.newInputStream(file)) {
            bytes = in.readNBytes(MAX_BYTES + 1);
        } catch (NoSuchFileException e) {
            throw new SettingsProblem(file + ": no such file");
        } catch (IOException e) {
            throw new SettingsProblem(file + ": cannot read it (" + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")");
        }
        if (bytes.length > MAX_BYTES) {
            throw new SettingsProblem(file + ": larger than 1 MiB, no configuration file");
        }
        try {
            String text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
            return text.startsWith("\uFEFF") ? text.substring(1) : text;
        } catch (CharacterCodingException e) {
            throw new SettingsProblem(file + ": not UTF-8 text (a configuration file is UTF-8 key = value lines)");
        }
    }

    private static String section(Path file, int number, String line) {
        String name = line.endsWith("]") ? line.substring(1, line.length() - 1).strip() : null;
        if (name == null || !Setting.SECTIONS.contains(name)) {
            throw problem(file, number, "'" + line + "' is not a known section (give ["
                    + String.join("] or [", Setting.SECTIONS) + "], or put the keys before any section)");
        }
        return name;
    }

    private static String unquote(String value) {
        if (value.length() >= 2 && (value.startsWith("\"") && value.endsWith("\"")
                || value.startsWith("'") && value.endsWith("'"))) {
            return value.substring(1, value.length() - 1);
        }
        return value;
    }

    /** A path value: {@code ~} and {@code ~/x} from the home directory, a relative one from the file's directory. */
    private static String path(Path file, String value, Path home) {
        Path path;
        if ((value.equals("~") || value.startsWith("~/")) && home != null) {
            path = home.resolve(value.equals("~") ? "" : value.substring(2));
        } else {
            path = file.getParent().resolve(value);
        }
        return path.normalize().toString();
    }

    /** Why a secret may not be in this file (others may read or change it), or null. */
    private static String exposed(Path file, Setting setting) {
        Set<PosixFilePermission> permissions;
        try {
            permissions = Files.getPosixFilePermissions(file);
        } catch (UnsupportedOperationException | IOException e) {
            return "a secret is read only from a file whose permissions show no one else may read it, and this "
                    + "file system has none: give it in env " + setting.environment() + " or " + setting.option();
        }
        boolean others = permissions.stream().anyMatch(permission -> permission.name().startsWith("GROUP_")
                || permission.name().startsWith("OTHERS_"));
        if (!others) {
            return null;
        }
        return "the file may be read or changed by others (" + PosixFilePermissions.toString(permissions)
                + "): 'chmod 600 " + file + "', or give it in env " + setting.environment();
    }

    private static String suggestion(String key) {
        Setting closest = null;
        int best = Integer.MAX_VALUE;
        for (Setting setting : Setting.values()) {
            int distance = distance(key, setting.key());
            if (distance < best) {
                best = distance;
                closest = setting;
            }
        }
        if (closest != null && best <= Math.max(2, key.length() / 4)) {
            return "did you mean '" + closest.key() + "'?";
        }
        return "known keys: " + String.join(", ", Arrays.stream(Setting.values()).map(Setting::key).toList());
    }

    /** Levenshtein distance. */
    private static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                current[j] = Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }

    private static SettingsProblem problem(Path file, int line, String what) {
        return new SettingsProblem(file + ":" + line + ": " + what);
    }
}
