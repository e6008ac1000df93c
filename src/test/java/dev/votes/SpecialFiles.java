package dev.votes;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Things at an output path that are not regular files, made for real in a test's directory: a FIFO ({@code mkfifo}),
 * a character device like {@code /dev/null} ({@code mknod c 1 3}, which needs root), a directory, and symbolic links
 * to a device and to a regular file. {@link #snapshot} records what stands at a path (type, inode, device numbers,
 * link target, content), so a test can show that it is exactly as it was.
 */
final class SpecialFiles {

    private SpecialFiles() {
    }

    /** One obstacle: its path and the words the refusal uses for it. */
    record Obstacle(Path path, String kind) {
    }

    /**
     * Makes every kind of obstacle in {@code dir}. Only root may make a device node (the tests run as root here);
     * elsewhere the device and the link to it are a FIFO and a link to that FIFO.
     */
    static List<Obstacle> makeAll(Path dir) throws IOException, InterruptedException {
        List<Obstacle> obstacles = new ArrayList<>();
        Path fifo = fifo(dir.resolve("fifo"));
        obstacles.add(new Obstacle(fifo, "a FIFO"));
        Path device = fifo;
        if (isRoot()) {
            device = device(dir.resolve("null"));
            obstacles.add(new Obstacle(device, "a character device"));
        }
        obstacles.add(new Obstacle(Files.createDirectory(dir.resolve("directory")), "a directory"));
        obstacles.add(new Obstacle(Files.createSymbolicLink(dir.resolve("link-to-device"), device),
                "a symbolic link to " + device));
        Path regular = Files.writeString(dir.resolve("regular.jsonl"), "the file the link points to\n");
        obstacles.add(new Obstacle(Files.createSymbolicLink(dir.resolve("link-to-file"), regular),
                "a symbolic link to " + regular));
        return obstacles;
    }

    static Path fifo(Path path) throws IOException, InterruptedException {
        run("mkfifo", path.toString());
        return path;
    }

    /** A character device with the numbers of /dev/null (1, 3): harmless, and what the bug replaced. */
    static Path device(Path path) throws IOException, InterruptedException {
        run("mknod", path.toString(), "c", "1", "3");
        return path;
    }

    /** What stands at {@code path}, without following a link; the content too for a regular file. */
    static Map<String, Object> snapshot(Path path) throws IOException {
        Map<String, Object> state = new LinkedHashMap<>(Files.readAttributes(path, "unix:mode,ino,dev,rdev,size",
                LinkOption.NOFOLLOW_LINKS));
        if (Files.isSymbolicLink(path)) {
            state.put("target", Files.readSymbolicLink(path));
        } else if (Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS)) {
            state.put("content", Files.readString(path));
        }
        return state;
    }

    static boolean isRoot() throws IOException {
        return Files.getAttribute(Path.of("/proc/self"), "unix:uid").equals(0);
    }

    private static void run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, process.waitFor(), () -> String.join(" ", command) + ": " + output);
    }
}
