package dev.votes.common;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * An output file that is written to a temporary file beside it and then put in place at once. It is written only where
 * a regular file is or nothing is: a directory, a device, a FIFO, a socket or a symbolic link (whatever it points to)
 * is refused, and left as it was.
 *
 * <p>The check runs when the command starts ({@link #check}) and again when the file is put in place ({@link #publish}),
 * since the download or the generation takes a while. Where nothing is, the file is put in place with a hard link,
 * which never replaces anything: something that appears at the path after the check makes it fail, and is left alone.
 * Where a regular file is, a rename replaces it; the rename follows the re-check at once.
 */
public final class OutputFile {

    private OutputFile() {
    }

    /** The path holds something that is neither a regular file nor nothing. */
    public static final class Refused extends IOException {

        private final Path path;
        private final String kind;
        private final Path linkedFile;

        Refused(Path path, String kind, Path linkedFile) {
            super(path + " is " + kind + ", not a regular file");
            this.path = path;
            this.kind = kind;
            this.linkedFile = linkedFile;
        }

        public Path path() {
            return path;
        }

        /** What is there, e.g. "a FIFO", "a character device", "a symbolic link to /dev/null". */
        public String kind() {
            return kind;
        }

        /** For a symbolic link to a regular file, that file (the path to pass instead); otherwise {@code null}. */
        public Path linkedFile() {
            return linkedFile;
        }

        /** "refusing to write OPTION PATH: it is KIND, not a regular file". */
        public String describe(String option) {
            return "refusing to write " + option + " " + path + ": it is " + kind + ", not a regular file";
        }
    }

    /** Refuses a path that holds anything but a regular file; nothing at all is fine. Links are not followed. */
    public static void check(Path path) throws IOException {
        String kind = kind(path);
        if (kind != null && !kind.equals(REGULAR)) {
            throw refused(path, kind);
        }
    }

    /**
     * Puts {@code temporary} (a regular file in the same directory) in place at {@code target}, after checking the
     * target again. On a refusal or an error the temporary file is left for the caller to delete; so is it, as a
     * second name of the output, in the rare case that it cannot be deleted after the hard link.
     */
    public static void publish(Path temporary, Path target) throws IOException {
        for (int attempt = 0; ; attempt++) {
            String kind = kind(target);
            if (kind == null) {
                try {
                    Files.createLink(target, temporary);
                } catch (FileAlreadyExistsException appeared) {
                    if (attempt < 3) {
                        continue; // something appeared since: check again what it is
                    }
                    throw appeared;
                } catch (UnsupportedOperationException | FileSystemException noHardLinks) {
                    // a file system without hard links: the rename right after the check it is
                    Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE);
                    return;
                }
                try {
                    Files.delete(temporary);
                } catch (IOException e) {
                    // the output is in place; what is left is a second name of it, which the caller may delete
                }
                return;
            }
            if (!kind.equals(REGULAR)) {
                throw refused(target, kind);
            }
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE);
            return;
        }
    }

    private static final String REGULAR = "a regular file";

    /** What is at the path, without following a link: {@code null} for nothing, or the words for it. */
    private static String kind(Path path) throws IOException {
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            return null;
        }
        if (attributes.isRegularFile()) {
            return REGULAR;
        }
        if (attributes.isDirectory()) {
            return "a directory";
        }
        if (attributes.isSymbolicLink()) {
            return "a symbolic link to " + Files.readSymbolicLink(path);
        }
        try {
            int type = (Integer) Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS) & 0170000;
            switch (type) {
                case 0010000:
                    return "a FIFO";
                case 0020000:
                    return "a character device";
                case 0060000:
                    return "a block device";
                case 0140000:
                    return "a socket";
                default:
                    break;
            }
        } catch (UnsupportedOperationException | IllegalArgumentException | ClassCastException noUnixView) {
            // a platform without the "unix" view: the generic words below
        }
        return "an unknown kind of file";
    }

    private static Refused refused(Path path, String kind) {
        Path linkedFile = null;
        if (kind.startsWith("a symbolic link")) {
            try {
                Path real = path.toRealPath();
                if (Files.isRegularFile(real, LinkOption.NOFOLLOW_LINKS)) {
                    linkedFile = real;
                }
            } catch (IOException dangling) {
                // points nowhere: no file to suggest
            }
        }
        return new Refused(path, kind, linkedFile);
    }
}
