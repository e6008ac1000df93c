package dev.votes.spark;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.FileVisitOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.RemoteIterator;

/**
 * The run's input files from the command line, as the CLI's InputPaths and InputFile take them: a file is itself; a
 * directory is every file under it whose name says a format, in path order; a glob ({@code **} crosses directories) its
 * matches in path order; names starting with {@code .} or {@code _} are passed over; a file reached twice is read once.
 * The format comes from the Parquet magic number, else the name, else the first bytes. Local paths are walked here; a
 * URI with a scheme (hdfs://, s3a://) is listed through Hadoop's FileSystem.
 */
final class InputFiles {

    /** A run's input file: its path and format ({@code jsonl}, {@code csv}, {@code tsv} or {@code parquet}). */
    record Input(String path, String format) {
    }

    private InputFiles() {
    }

    static List<Input> expand(List<String> arguments, Configuration conf) {
        Set<String> files = new LinkedHashSet<>();
        for (String argument : arguments) {
            if (argument.matches("^[A-Za-z][A-Za-z0-9+.-]*://.*")) {
                files.addAll(remote(argument, conf));
                continue;
            }
            Path path = Path.of(argument);
            if (Files.isDirectory(path)) {
                List<String> found = new ArrayList<>();
                for (Path file : walk(path, Integer.MAX_VALUE)) {
                    if (!passedOver(path, file) && hasInputName(file.toString())) {
                        found.add(absolute(file));
                    }
                }
                if (found.isEmpty()) {
                    throw new JobException(1, "no input files in directory " + argument + "; nothing was written (it "
                            + "takes .jsonl .ndjson .json .csv .tsv .parquet files, optionally .gz)");
                }
                files.addAll(found);
            } else if (!Files.exists(path) && argument.matches(".*[*?\\[{].*")) {
                List<String> found = glob(argument);
                if (found.isEmpty()) {
                    throw new JobException(1, "no input files match " + argument + "; nothing was written");
                }
                files.addAll(found);
            } else {
                if (!Files.isRegularFile(path) || !Files.isReadable(path)) {
                    throw new JobException(1, "cannot read input " + argument + ": "
                            + (Files.exists(path) ? "not a readable file" : "no such file")
                            + "; nothing was written (pass readable vote files or directories, e.g. data/votes.jsonl.gz)");
                }
                files.add(absolute(path));
            }
        }
        List<Input> inputs = new ArrayList<>();
        for (String file : files) {
            inputs.add(new Input(file, detect(file, conf)));
        }
        return inputs;
    }

    private static List<String> remote(String argument, Configuration conf) {
        try {
            org.apache.hadoop.fs.Path path = new org.apache.hadoop.fs.Path(argument);
            FileSystem fs = path.getFileSystem(conf);
            List<String> found = new ArrayList<>();
            FileStatus[] matches = fs.globStatus(path);
            if (matches == null) {
                throw new JobException(1, "cannot read input " + argument + ": no such file; nothing was written");
            }
            for (FileStatus match : matches) {
                if (match.isDirectory()) {
                    RemoteIterator<LocatedFileStatus> it = fs.listFiles(match.getPath(), true);
                    while (it.hasNext()) {
                        String name = it.next().getPath().toString();
                        String relative = name.substring(match.getPath().toString().length());
                        if (!relative.matches("(.*/)?[._].*") && hasInputName(name)) {
                            found.add(name);
                        }
                    }
                } else {
                    found.add(match.getPath().toString());
                }
            }
            found.sort(null);
            if (found.isEmpty()) {
                throw new JobException(1, "no input files match " + argument + "; nothing was written");
            }
            return found;
        } catch (IOException e) {
            throw new JobException(1, "cannot list input " + argument + ": " + e.getMessage() + "; nothing was written");
        }
    }

    private static List<String> glob(String pattern) {
        String[] parts = pattern.split("/", -1);
        int firstGlob = 0;
        while (firstGlob < parts.length && !parts[firstGlob].matches(".*[*?\\[{].*")) {
            firstGlob++;
        }
        String base = String.join("/", Arrays.copyOfRange(parts, 0, firstGlob));
        Path root = !base.isEmpty() ? Path.of(base) : pattern.startsWith("/") ? Path.of("/") : Path.of(".");
        String relative = String.join("/", Arrays.copyOfRange(parts, firstGlob, parts.length));
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + relative);
        int depth = relative.contains("**") ? Integer.MAX_VALUE : parts.length - firstGlob;
        List<String> found = new ArrayList<>();
        for (Path file : walk(root, depth)) {
            if (!passedOver(root, file) && matcher.matches(root.relativize(file))) {
                found.add(absolute(file));
            }
        }
        return found;
    }

    private static List<Path> walk(Path root, int depth) {
        try (Stream<Path> paths = Files.walk(root, depth, FileVisitOption.FOLLOW_LINKS)) {
            return paths.filter(Files::isRegularFile).sorted().toList();
        } catch (IOException | UncheckedIOException e) {
            throw new JobException(1, "cannot list input directory " + root + ": " + e.getMessage()
                    + "; nothing was written");
        }
    }

    private static boolean passedOver(Path root, Path file) {
        for (Path name : root.relativize(file)) {
            if (name.toString().startsWith(".") || name.toString().startsWith("_")) {
                return true;
            }
        }
        return false;
    }

    private static String absolute(Path file) {
        return file.toAbsolutePath().normalize().toString();
    }

    static String extension(String path) {
        String name = path.substring(path.lastIndexOf('/') + 1).toLowerCase(Locale.ROOT);
        for (String suffix : new String[] {".gz", ".gzip", ".zst", ".zstd"}) {
            if (name.endsWith(suffix)) {
                name = name.substring(0, name.length() - suffix.length());
                break;
            }
        }
        int dot = name.lastIndexOf('.');
        return dot < 0 ? "" : name.substring(dot + 1);
    }

    static boolean hasInputName(String path) {
        return ofExtension(extension(path)) != null || extension(path).equals("json");
    }

    private static String ofExtension(String extension) {
        return switch (extension) {
            case "jsonl", "ndjson" -> "jsonl";
            case "csv" -> "csv";
            case "tsv", "tab" -> "tsv";
            case "parquet", "pq" -> "parquet";
            default -> null;
        };
    }

    /** The format by magic number, name, then content; a one-line error naming the file when none tells it. */
    static String detect(String file, Configuration conf) {
        byte[] head = new byte[64 * 1024];
        int length = 0;
        org.apache.hadoop.fs.Path path = new org.apache.hadoop.fs.Path(file);
        try (FSDataInputStream in = path.getFileSystem(conf).open(path)) {
            for (int read; length < head.length && (read = in.read(head, length, head.length - length)) >= 0; ) {
                length += read;
            }
        } catch (IOException e) {
            throw new JobException(1, "cannot read input " + file + ": " + e.getMessage() + "; nothing was written");
        }
        byte[] start = Arrays.copyOf(head, length);
        boolean gzip = length >= 2 && (start[0] & 0xff) == 0x1f && (start[1] & 0xff) == 0x8b;
        boolean zstd = length >= 4 && (start[0] & 0xff) == 0x28 && (start[1] & 0xff) == 0xb5
                && (start[2] & 0xff) == 0x2f && (start[3] & 0xff) == 0xfd;
        if (zstd) {
            throw new JobException(1, "input " + file + " is zstd-compressed, which the Spark job does not read; "
                    + "nothing was written (recompress it with gzip, or load it with the votes CLI)");
        }
        if (!gzip && length >= 4 && start[0] == 'P' && start[1] == 'A' && start[2] == 'R' && start[3] == '1') {
            return "parquet";
        }
        String byName = ofExtension(extension(file));
        if (byName != null) {
            return byName;
        }
        String text = gzip ? gunzip(start) : new String(start, StandardCharsets.UTF_8);
        String trimmed = text == null ? "" : text.stripLeading();
        if (trimmed.startsWith("\uFEFF")) {
            trimmed = trimmed.substring(1).stripLeading();
        }
        if (trimmed.startsWith("{")) {
            return "jsonl";
        }
        if (trimmed.startsWith("[")) {
            throw new JobException(1, "input " + file + " is a JSON array, which the Spark job does not read; nothing "
                    + "was written (convert it to JSON lines, or load it with the votes CLI)");
        }
        int end = trimmed.indexOf('\n');
        String firstLine = end < 0 ? trimmed : trimmed.substring(0, end);
        if (firstLine.indexOf('\t') >= 0) {
            return "tsv";
        }
        if (firstLine.indexOf(',') >= 0) {
            return "csv";
        }
        throw new JobException(1, "cannot tell the format of " + file + " from its name or its first bytes; nothing "
                + "was written (name it .jsonl, .csv, .tsv or .parquet, optionally with .gz)");
    }

    private static String gunzip(byte[] start) {
        byte[] out = new byte[64 * 1024];
        int length = 0;
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(start))) {
            for (int read; length < out.length && (read = in.read(out, length, out.length - length)) >= 0; ) {
                length += read;
            }
        } catch (IOException e) {
            // the head ends mid-stream: what was inflated so far is enough
        }
        return length == 0 ? null : new String(out, 0, length, StandardCharsets.UTF_8);
    }
}
