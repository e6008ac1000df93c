package dev.votes.ingest;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.FileVisitOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import dev.votes.failure.BadInput;


/**
 * Turns the command line's inputs into the run's files, in a stable order: a file is itself; a directory is every file
 * under it, recursively, whose name says an input format ({@link InputFile#hasInputName}), sorted by path; an argument
 * that names nothing but holds {@code * ? [ {} is a glob ({@code **} crosses directories), its matches sorted by path.
 * Names starting with {@code .} or {@code _} (hidden files, {@code _SUCCESS} markers) are passed over in directories and
 * globs. A file reached twice is read once, at its first place. {@code -} is standard input.
 */
final class InputPaths {

    /** The run's files (absolute, normalised) and the files directories held that are not inputs. */
    record Expanded(List<String> files, List<String> passedOver) {
    }

    private InputPaths() {
    }

    static Expanded expand(List<Path> arguments) {
        Set<String> files = new LinkedHashSet<>();
        List<String> passedOver = new ArrayList<>();
        for (Path argument : arguments) {
            if (argument.toString().equals("-")) {
                files.add(InputFile.STDIN);
            } else if (Files.isDirectory(argument)) {
                List<String> found = directory(argument, passedOver);
                if (found.isEmpty()) {
                    throw new BadInput("no input files in directory " + argument
                            + "; nothing was written (it takes .jsonl .ndjson .json .csv .tsv .parquet files, "
                            + "optionally .gz or .zst)");
                }
                files.addAll(found);
            } else if (!Files.exists(argument) && InputLinks.hasGlobCharacter(argument.toString())) {
                List<String> found = glob(argument.toString());
                if (found.isEmpty()) {
                    throw new BadInput("no input files match " + argument
                            + "; nothing was written");
                }
                files.addAll(found);
            } else {
                files.add(readableFile(argument));
            }
        }
        return new Expanded(List.copyOf(files), List.copyOf(passedOver));
    }

    private static List<String> directory(Path directory, List<String> passedOver) {
        List<String> found = new ArrayList<>();
        for (Path file : walk(directory, Integer.MAX_VALUE)) {
            if (isPassedOver(directory, file)) {
                continue;
            }
            if (InputFile.hasInputName(file.toString())) {
                found.add(readableFile(file));
            } else {
                passedOver.add(absolute(file));
            }
        }
        return found;
    }

    private static List<String> glob(String pattern) {
        String separator = FileSystems.getDefault().getSeparator();
        String[] parts = pattern.split(java.util.regex.Pattern.quote(separator), -1);
        int firstGlob = 0;
        while (firstGlob < parts.length && !InputLinks.hasGlobCharacter(parts[firstGlob])) {
            firstGlob++;
        }
        String base = String.join(separator, java.util.Arrays.copyOfRange(parts, 0, firstGlob));
        Path root = !base.isEmpty() ? Path.of(base) : pattern.startsWith(separator) ? Path.of(separator) : Path.of(".");
        String relative = String.join(separator, java.util.Arrays.copyOfRange(parts, firstGlob, parts.length));
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + relative);
        int depth = relative.contains("**") ? Integer.MAX_VALUE : parts.length - firstGlob;
        List<String> found = new ArrayList<>();
        for (Path file : walk(root, depth)) {
            if (!isPassedOver(root, file) && matcher.matches(root.relativize(file))) {
                found.add(readableFile(file));
            }
        }
        return found;
    }

    /** Regular files under the directory (links followed), sorted by path. */
    private static List<Path> walk(Path root, int depth) {
        try (Stream<Path> paths = Files.walk(root, depth, FileVisitOption.FOLLOW_LINKS)) {
            return paths.filter(Files::isRegularFile).sorted().toList();
        } catch (IOException | java.io.UncheckedIOException e) {
            throw new BadInput("cannot list input directory " + root + ": " + e.getMessage()
                    + "; nothing was written", e);
        }
    }

    /** A hidden or underscore name anywhere below the root. */
    private static boolean isPassedOver(Path root, Path file) {
        for (Path name : root.relativize(file)) {
            String text = name.toString();
            if (text.startsWith(".") || text.startsWith("_")) {
                return true;
            }
        }
        return false;
    }

    /** The file's absolute path, or a one-line error naming it when it cannot be read. */
    static String readableFile(Path file) {
        String problem = !Files.exists(file) ? "no such file"
                : Files.isDirectory(file) ? "it is a directory"
                : !Files.isReadable(file) ? "permission denied"
                : null;
        if (problem != null) {
            throw new BadInput("cannot read input " + file + ": " + problem
                    + "; nothing was written (pass readable vote files or directories, e.g. data/votes.jsonl.gz)");
        }
        return absolute(file);
    }

    private static String absolute(Path file) {
        return file.toAbsolutePath().normalize().toString();
    }
}
