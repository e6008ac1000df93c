package dev.votes.warehouse.library;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.votes.failure.UnreadableLibrary;
import dev.votes.warehouse.library.DuckDbLibrary.PackedLibrary;

/**
 * Where DuckDB's library is unpacked, and how an entry is written and trusted.
 *
 * <p>An entry is {@code ROOT/duckdb-VERSION-PLATFORM-SHA/libduckdb_java.so}, addressed by the SHA-256 of its content.
 * It is written to a temporary name in the same directory, checked against the size and SHA-256 the build recorded,
 * stamped with a fixed modification time and renamed into place, so a reader never sees a partial file and two first
 * runs at once both succeed (the second rename replaces an identical file; a process that already mapped the first
 * keeps it). On every later start the entry is trusted when its size and stamp are intact (one {@code stat}); a file
 * that was rewritten, truncated or replaced has lost the stamp and is hashed again, and replaced when it differs. A
 * temporary file left by a killed process is removed by the next process that unpacks; nothing is written to the
 * temp directory unless it is the fallback.
 */
final class LibraryCache {

    /** The modification time a verified entry carries: any later write of the file changes it. */
    static final FileTime STAMP = FileTime.fromMillis(946_684_800_000L);

    private static final String TEMP_SUFFIX = ".tmp";

    /** {@code .libduckdb_java.so.PID-NANOS.tmp}: a file being unpacked by process PID. */
    private static final Pattern TEMP_NAME = Pattern.compile("\\..+\\.(\\d{1,18})-[0-9a-f]+\\.tmp");

    /** How the compressed library is read (the binary's resource; a test's file). */
    @FunctionalInterface
    interface Source {
        InputStream open() throws IOException;
    }

    /**
     * One place the library may go.
     *
     * @param root    the cache directory
     * @param origin  how it was chosen, for messages: {@code --cache-dir}, {@code VOTES_CACHE_DIR}, ...
     * @param shared  whether it lies in a shared directory (the temp directory) and must be this user's alone
     */
    record Candidate(Path root, String origin, boolean shared) {
    }

    private final List<Candidate> candidates;

    LibraryCache(List<Candidate> candidates) {
        this.candidates = List.copyOf(candidates);
    }

    List<Candidate> candidates() {
        return candidates;
    }

    /**
     * The places to try, in order: {@code --cache-dir} or {@code VOTES_CACHE_DIR} alone when given (a directory the user
     * chose is never silently replaced by another), else the user's cache directory and then the temp directory.
     */
    static LibraryCache locate(Path configured, Map<String, String> env) {
        if (configured != null) {
            return new LibraryCache(List.of(new Candidate(configured, "--cache-dir", false)));
        }
        String fromEnv = env.get("VOTES_CACHE_DIR");
        if (fromEnv != null && !fromEnv.isBlank()) {
            return new LibraryCache(List.of(new Candidate(Path.of(fromEnv), "VOTES_CACHE_DIR", false)));
        }
        List<Candidate> candidates = new ArrayList<>();
        String xdg = env.get("XDG_CACHE_HOME");
        if (xdg != null && Path.of(xdg).isAbsolute()) {
            candidates.add(new Candidate(Path.of(xdg, "votes"), "XDG_CACHE_HOME", false));
        } else {
            // $HOME as the shell and the XDG specification mean it; the password database's entry only without it.
            String home = env.get("HOME");
            if (home == null || !Path.of(home).isAbsolute()) {
                home = System.getProperty("user.home");
            }
            if (home != null && Path.of(home).isAbsolute()) {
                candidates.add(new Candidate(Path.of(home, ".cache", "votes"), "~/.cache", false));
            }
        }
        candidates.add(new Candidate(Path.of(System.getProperty("java.io.tmpdir"),
                "votes-cache-" + System.getProperty("user.name", "user")), "the temp directory", true));
        return new LibraryCache(candidates);
    }

    /** The library's file in the first candidate that has it or can take it. */
    Path provide(PackedLibrary library, Source source) {
        List<String> problems = new ArrayList<>();
        for (Candidate candidate : candidates) {
            try {
                return entry(candidate, library, source);
            } catch (IOException | SecurityException e) {
                problems.add(candidate.root() + " (" + candidate.origin() + "): " + reason(e));
            }
        }
        throw new UnreadableLibrary("cannot unpack DuckDB's library: " + String.join("; ", problems)
                + " (set VOTES_CACHE_DIR or --cache-dir to a writable directory)");
    }

    private static Path entry(Candidate candidate, PackedLibrary library, Source source) throws IOException {
        Path directory = candidate.root().resolve(library.entryName());
        Path file = directory.resolve(library.name());
        if (trusted(file, library)) {
            return file;
        }
        createDirectories(candidate, directory);
        removeAbandonedTemps(directory);
        Path temp = directory.resolve("." + library.name() + "." + ProcessHandle.current().pid() + "-"
                + Long.toHexString(System.nanoTime()) + TEMP_SUFFIX);
        try {
            unpack(source, temp, library);
            if (trusted(file, library)) {
                return file;  // another process unpacked it meanwhile
            }
            move(temp, file);
            return file;
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** Whether the entry can be loaded: stamped and of the right size, or else hashed and found equal (re-stamped). */
    static boolean trusted(Path file, PackedLibrary library) throws IOException {
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            return false;
        }
        if (!attributes.isRegularFile()) {
            throw new IOException(file + " is not a regular file (remove it)");
        }
        if (attributes.size() != library.size()) {
            return false;
        }
        if (attributes.lastModifiedTime().equals(STAMP)) {
            return true;
        }
        if (!sha256(file).equals(library.sha256())) {
            return false;
        }
        try {
            Files.setLastModifiedTime(file, STAMP);
        } catch (IOException e) {
            // Not ours to stamp (another user's cache, read-only): trusted this time, hashed again the next.
        }
        return true;
    }

    private static void unpack(Source source, Path temp, PackedLibrary library) throws IOException {
        MessageDigest digest = sha256();
        long size;
        try (InputStream in = source.open();
             OutputStream out = new DigestOutputStream(Files.newOutputStream(temp, StandardOpenOption.CREATE_NEW,
                     StandardOpenOption.WRITE), digest)) {
            size = in.transferTo(out);
        }
        String sha256 = HexFormat.of().formatHex(digest.digest());
        if (size != library.size() || !sha256.equals(library.sha256())) {
            throw new IOException("the library packed in this binary is damaged (" + size + " bytes, sha256 " + sha256
                    + "; expected " + library.size() + " bytes, sha256 " + library.sha256() + ")");
        }
        Files.setLastModifiedTime(temp, STAMP);
    }

    private static void move(Path temp, Path file) throws IOException {
        try {
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("cannot rename within " + file.getParent() + " atomically", e);
        }
    }

    private static void createDirectories(Candidate candidate, Path directory) throws IOException {
        if (!candidate.shared()) {
            Files.createDirectories(directory);
            return;
        }
        // In the shared temp directory, the root must be this user's and closed to others: nobody else may plant a
        // library there.
        Path root = candidate.root();
        try {
            Files.createDirectory(root, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } catch (java.nio.file.FileAlreadyExistsException e) {
            // checked below
        }
        BasicFileAttributes attributes = Files.readAttributes(root, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(root, LinkOption.NOFOLLOW_LINKS);
        if (!attributes.isDirectory() || permissions.contains(PosixFilePermission.GROUP_WRITE)
                || permissions.contains(PosixFilePermission.OTHERS_WRITE) || !ownedByThisUser(root)) {
            throw new IOException(root + " is not a private directory of this user");
        }
        Files.createDirectories(directory);
    }

    /**
     * Whether this process's user owns the directory: compared with the owner of a file it creates there, by user id.
     * Not by name: a user id without a name (a container's arbitrary UID, no password database entry) has the name
     * {@code ?} in {@code user.name}, while the file system reports the number.
     */
    private static boolean ownedByThisUser(Path root) throws IOException {
        Path probe;
        try {
            probe = Files.createTempFile(root, ".owner-", ".probe");
        } catch (java.nio.file.AccessDeniedException e) {
            return false;  // not even writable for this user
        }
        try {
            return Files.getOwner(root, LinkOption.NOFOLLOW_LINKS).equals(Files.getOwner(probe, LinkOption.NOFOLLOW_LINKS));
        } finally {
            Files.deleteIfExists(probe);
        }
    }

    /** Temporary files of processes that no longer run (killed while unpacking). */
    private static void removeAbandonedTemps(Path directory) throws IOException {
        try (DirectoryStream<Path> temps = Files.newDirectoryStream(directory, ".*" + TEMP_SUFFIX)) {
            for (Path temp : temps) {
                Matcher name = TEMP_NAME.matcher(temp.getFileName().toString());
                if (name.matches() && ProcessHandle.of(Long.parseLong(name.group(1))).isEmpty()) {
                    Files.deleteIfExists(temp);
                }
            }
        }
    }

    static String sha256(Path file) throws IOException {
        MessageDigest digest = sha256();
        try (InputStream in = Files.newInputStream(file);
             OutputStream out = new DigestOutputStream(OutputStream.nullOutputStream(), digest)) {
            in.transferTo(out);
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String reason(Exception e) {
        if (e instanceof java.nio.file.AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof java.nio.file.FileSystemException fs && fs.getReason() != null) {
            return fs.getReason();
        }
        return String.valueOf(e.getMessage());
    }
}
