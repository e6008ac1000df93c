package dev.votes.ingest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The paths DuckDB's reader is given for the run's input files. DuckDB expands {@code * ? [} in a path as a glob, so a
 * file whose name holds one of those is read through a symbolic link with a plain name in a private temporary
 * directory (removed at the end of the run); every other file is read by its own path. Either way the path is a bound
 * parameter, never SQL text.
 */
final class InputLinks implements AutoCloseable {

    private final List<String> readable;
    private final Path linkDirectory;

    private InputLinks(List<String> readable, Path linkDirectory) {
        this.readable = readable;
        this.linkDirectory = linkDirectory;
    }

    static InputLinks forReading(List<String> paths) throws IOException {
        List<String> readable = new ArrayList<>(paths.size());
        Path linkDirectory = null;
        for (int index = 0; index < paths.size(); index++) {
            String path = paths.get(index);
            if (!hasGlobCharacter(path)) {
                readable.add(path);
                continue;
            }
            if (linkDirectory == null) {
                linkDirectory = Files.createTempDirectory("votes-input-");
            }
            // The reader is told the format and compression, so the link's name needs no extension.
            Path link = linkDirectory.resolve("input-" + index);
            Files.createSymbolicLink(link, Path.of(path));
            readable.add(link.toString());
        }
        return new InputLinks(List.copyOf(readable), linkDirectory);
    }

    /**
     * The links of the run's files {@code from} (inclusive) to {@code to} (exclusive), numbered from 0, for one step of
     * a run committed in steps; closing it removes nothing (this object's close does, at the end of the run).
     */
    InputLinks slice(int from, int to) {
        return new InputLinks(readable.subList(from, to), null);
    }

    /** The path to hand DuckDB for the run's file number {@code index}. */
    String readablePath(int index) {
        return readable.get(index);
    }

    @Override
    public void close() throws IOException {
        if (linkDirectory == null) {
            return;
        }
        try (var links = Files.list(linkDirectory)) {
            for (Path link : links.toList()) {
                Files.deleteIfExists(link);
            }
        }
        Files.deleteIfExists(linkDirectory);
    }

    static boolean hasGlobCharacter(String path) {
        return path.indexOf('*') >= 0 || path.indexOf('?') >= 0 || path.indexOf('[') >= 0;
    }
}
