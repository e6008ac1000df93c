package dev.votes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The container image of {@code src/main/docker/Dockerfile.native}, built without a container engine: the base image's
 * root file system from Debian's packages ({@code debootstrap --variant=minbase}, cached), then the Dockerfile's own
 * instructions applied in order (RUN in the root file system as root, COPY with its {@code --chmod}, ENV, USER,
 * WORKDIR, VOLUME, EXPOSE, ENTRYPOINT, CMD), with the binary under test as the build context's {@code target/*-runner}.
 * An instruction it does not know fails the test rather than being ignored, so the test cannot drift from the file.
 * {@link #command} runs the image as a runtime would ({@code native-tests/container/run-in-rootfs}).
 */
final class ContainerImage {

    static final Path DOCKERFILE = Path.of("src/main/docker/Dockerfile.native");
    static final Path RUN_IN_ROOTFS = Path.of("native-tests/container/run-in-rootfs").toAbsolutePath();
    static final String INSTALL = "bin/install-container-test-tools";
    /** Where the base image's root file system is kept between runs (a few hundred MB, built in about a minute). */
    static final Path CACHE = Path.of(System.getenv().getOrDefault("VOTES_CONTAINER_CACHE",
            Path.of(System.getProperty("user.home"), ".cache", "votes-container").toString()));
    static final String MIRROR = System.getenv().getOrDefault("VOTES_DEBIAN_MIRROR", "http://deb.debian.org/debian");
    /** What a runtime sets when the image does not: the base image's PATH (debian's images set this one). */
    static final String DEFAULT_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    private static final Pattern DEBIAN = Pattern.compile("debian:([a-z]+)(-slim)?");
    private static final ObjectMapper JSON = new ObjectMapper();

    final Path rootfs;
    final String base;
    final Map<String, String> env = new LinkedHashMap<>();
    String user = "0:0";
    String workdir = "/";
    final List<String> volumes = new ArrayList<>();
    final List<Integer> exposed = new ArrayList<>();
    List<String> entrypoint = List.of();
    List<String> cmd = List.of();

    private ContainerImage(Path rootfs, String base) {
        this.rootfs = rootfs;
        this.base = base;
        env.put("PATH", DEFAULT_PATH);
    }

    /** One instruction of the Dockerfile, its continuation lines joined. */
    record Instruction(int line, String keyword, String arguments) {
    }

    /** Builds the image in {@code dir}/rootfs from the Dockerfile, with {@code executable} as {@code target/*-runner}. */
    static ContainerImage build(Path dir, Path executable) throws Exception {
        List<Instruction> instructions = parse(Files.readAllLines(DOCKERFILE, StandardCharsets.UTF_8));
        assertTrue(!instructions.isEmpty() && instructions.getFirst().keyword().equals("FROM"),
                DOCKERFILE + " starts with FROM");
        String base = instructions.getFirst().arguments().strip();
        Matcher debian = DEBIAN.matcher(base);
        assertTrue(debian.matches(), () -> DOCKERFILE + ": the test builds Debian base images (debian:SUITE[-slim]) "
                + "with debootstrap, not " + base);
        Path rootfs = dir.resolve("rootfs");
        run(Duration.ofMinutes(5), "cp", "-a", baseRootfs(debian.group(1)).toString(), rootfs.toString());
        ContainerImage image = new ContainerImage(rootfs, base);
        for (Instruction instruction : instructions.subList(1, instructions.size())) {
            image.apply(instruction, executable);
        }
        return image;
    }

    /** The command line that runs the image: ENTRYPOINT, then {@code args} (or CMD when there are none). */
    List<String> command(Run options, String... args) {
        List<String> command = new ArrayList<>(List.of(RUN_IN_ROOTFS.toString(), "--user", options.user(),
                "--workdir", workdir));
        if (options.netns() != null) {
            command.addAll(List.of("--netns", options.netns()));
        }
        for (String volume : volumes) {
            assertTrue(options.volumes().containsKey(volume), "the run mounts a volume on the image's VOLUME " + volume);
        }
        options.volumes().forEach((target, host) -> command.addAll(List.of("--volume", host + ":" + target)));
        Map<String, String> environment = new LinkedHashMap<>(env);
        environment.putIfAbsent("HOME", "/");  // a runtime's default for a user id without a password database entry
        environment.put("HOSTNAME", "votes-test");
        environment.putAll(options.env());
        environment.forEach((name, value) -> command.addAll(List.of("--env", name + "=" + value)));
        command.add(rootfs.toString());
        command.add("--");
        command.addAll(entrypoint);
        command.addAll(args.length == 0 ? cmd : List.of(args));
        return command;
    }

    /**
     * How one container runs: as {@code user} ("UID:GID"), with host directories on the image's volumes (target →
     * host), extra environment ({@code -e}), in a network namespace or the host's.
     */
    record Run(String user, Map<String, Path> volumes, Map<String, String> env, String netns) {
    }

    private void apply(Instruction instruction, Path executable) throws Exception {
        String arguments = instruction.arguments().strip();
        String where = DOCKERFILE + ":" + instruction.line() + ": " + instruction.keyword() + " " + arguments;
        assertTrue(!arguments.contains("$") || instruction.keyword().equals("RUN"),
                () -> where + ": the test does not substitute variables outside RUN");
        switch (instruction.keyword()) {
            case "RUN" -> {
                List<String> command = arguments.startsWith("[") ? json(arguments) : List.of("/bin/sh", "-c", arguments);
                List<String> line = new ArrayList<>(List.of(RUN_IN_ROOTFS.toString(), "--build", "--workdir", workdir));
                env.forEach((name, value) -> line.addAll(List.of("--env", name + "=" + value)));
                line.add(rootfs.toString());
                line.add("--");
                line.addAll(command);
                run(Duration.ofMinutes(5), line.toArray(String[]::new));
            }
            case "COPY" -> copy(where, words(arguments), executable);
            case "ENV" -> {
                List<String> words = words(arguments);
                if (!words.getFirst().contains("=")) {
                    env.put(words.getFirst(), arguments.substring(words.getFirst().length()).strip());
                } else {
                    for (String word : words) {
                        assertTrue(word.contains("="), () -> where + ": ENV NAME=VALUE ...");
                        env.put(word.substring(0, word.indexOf('=')), word.substring(word.indexOf('=') + 1));
                    }
                }
            }
            case "USER" -> user = arguments.contains(":") ? arguments : arguments + ":" + arguments;
            case "WORKDIR" -> {
                workdir = Path.of(workdir).resolve(arguments).normalize().toString();
                Files.createDirectories(inRoot(workdir));
            }
            case "VOLUME" -> {
                for (String volume : arguments.startsWith("[") ? json(arguments) : words(arguments)) {
                    Files.createDirectories(inRoot(volume));
                    volumes.add(volume);
                }
            }
            case "EXPOSE" -> {
                for (String port : words(arguments)) {
                    exposed.add(Integer.parseInt(port.replace("/tcp", "")));
                }
            }
            case "ENTRYPOINT" -> entrypoint = execForm(where, arguments);
            case "CMD" -> cmd = execForm(where, arguments);
            default -> fail(where + ": the test does not know this instruction; teach ContainerImage or keep the "
                    + "Dockerfile to FROM, RUN, COPY, ENV, USER, WORKDIR, VOLUME, EXPOSE, ENTRYPOINT and CMD");
        }
    }

    /**
     * COPY [--chmod=MODE] SOURCE... DEST, owned by root as Docker does. The build context is the project, but for
     * {@code target/}: there the binary under test stands in for the build's output ({@code target/*-runner}).
     */
    private void copy(String where, List<String> words, Path executable) throws IOException {
        Set<PosixFilePermission> mode = null;
        List<String> paths = new ArrayList<>();
        for (String word : words) {
            if (word.startsWith("--chmod=")) {
                mode = PosixFilePermissions.fromString(symbolic(Integer.parseInt(word.substring(8), 8)));
            } else {
                assertTrue(!word.startsWith("--"), () -> where + ": the test does not know the flag " + word);
                paths.add(word);
            }
        }
        assertTrue(paths.size() >= 2, () -> where + ": COPY SOURCE... DEST");
        String dest = paths.getLast();
        List<Path> sources = new ArrayList<>();
        for (String source : paths.subList(0, paths.size() - 1)) {
            List<Path> matched = matching(source, executable);
            assertEquals(1, matched.size(), () -> where + ": " + source + " matches one file: " + matched);
            sources.addAll(matched);
        }
        for (Path source : sources) {
            Path target = dest.endsWith("/") ? inRoot(dest).resolve(source.getFileName()) : inRoot(dest);
            Files.createDirectories(target.getParent());
            Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING);
            if (mode != null) {
                Files.setPosixFilePermissions(target, mode);
            }
        }
    }

    private static List<Path> matching(String source, Path executable) throws IOException {
        if (source.startsWith("target/")) {
            PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + source.substring(7));
            return matcher.matches(executable.getFileName()) ? List.of(executable) : List.of();
        }
        Path path = Path.of(source);
        if (!source.contains("*") && !source.contains("?")) {
            return Files.isRegularFile(path) ? List.of(path) : List.of();
        }
        PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + source);
        try (Stream<Path> files = Files.walk(path.getParent() == null ? Path.of(".") : path.getParent(), 1)) {
            return files.filter(Files::isRegularFile).filter(matcher::matches).toList();
        }
    }

    /** The files anywhere in the image that would be a JVM: a {@code java} launcher or a {@code libjvm.so}. */
    List<Path> jvmFiles() throws IOException {
        try (Stream<Path> files = Files.walk(rootfs)) {
            return files.filter(path -> Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS)
                    || Files.isSymbolicLink(path))
                    .filter(path -> path.getFileName().toString().equals("libjvm.so")
                            || path.getFileName().toString().equals("java"))
                    .map(rootfs::relativize).toList();
        }
    }

    Path inRoot(String path) {
        assertTrue(path.startsWith("/"), () -> "an absolute path in the image: " + path);
        return rootfs.resolve(path.substring(1));
    }

    /**
     * The base image's root file system, from Debian's packages: {@code debootstrap --variant=minbase SUITE} (about a
     * minute), kept in {@link #CACHE} keyed by the suite and architecture, and reused. Built under a temporary name
     * and renamed when complete, so a killed build is never taken for a cached one.
     */
    static synchronized Path baseRootfs(String suite) throws Exception {
        if (!onPath("debootstrap")) {
            Process install = new ProcessBuilder("bash", INSTALL).inheritIO().start();
            if (!install.waitFor(15, TimeUnit.MINUTES)) {
                install.destroyForcibly();
            }
            assertTrue(onPath("debootstrap"), "debootstrap is missing: run " + INSTALL + " (apt-get, as root or "
                    + "through sudo)");
        }
        String architecture = output("dpkg", "--print-architecture").strip();
        Path cached = CACHE.resolve("debian-" + suite + "-minbase-" + architecture);
        if (Files.isDirectory(cached.resolve("usr/bin"))) {
            return cached;
        }
        Files.createDirectories(CACHE);
        Path partial = CACHE.resolve(cached.getFileName() + ".partial-" + ProcessHandle.current().pid());
        Path log = CACHE.resolve(cached.getFileName() + ".log");
        run(Duration.ofMinutes(2), "rm", "-rf", "--one-file-system", partial.toString());
        ProcessBuilder debootstrap = new ProcessBuilder("debootstrap", "--variant=minbase", suite, partial.toString(),
                MIRROR).redirectErrorStream(true).redirectOutput(log.toFile());
        Process process = debootstrap.start();
        boolean done = process.waitFor(20, TimeUnit.MINUTES);
        if (!done || process.exitValue() != 0) {
            process.destroyForcibly();
            List<String> lines = Files.readAllLines(log);
            fail("debootstrap --variant=minbase " + suite + " " + MIRROR + " failed (VOTES_DEBIAN_MIRROR chooses "
                    + "another mirror); the end of " + log + ":\n"
                    + String.join("\n", lines.subList(Math.max(0, lines.size() - 15), lines.size())));
        }
        Files.move(partial, cached, StandardCopyOption.ATOMIC_MOVE);
        return cached;
    }

    /** Runs a command to completion; fails the test with its output when it fails. */
    static String run(Duration timeout, String... command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] output = process.getInputStream().readAllBytes();
        assertTrue(process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS), () -> "in time: " + List.of(command));
        String text = new String(output, StandardCharsets.UTF_8);
        assertEquals(0, process.exitValue(), () -> String.join(" ", command) + "\n" + text);
        return text;
    }

    private static String output(String... command) throws Exception {
        return run(Duration.ofMinutes(1), command);
    }

    private static boolean onPath(String program) {
        return Stream.of(System.getenv().getOrDefault("PATH", "") + ":/usr/sbin:/sbin").flatMap(path ->
                Stream.of(path.split(":"))).anyMatch(directory -> !directory.isEmpty()
                && Files.isExecutable(Path.of(directory, program)));
    }

    /** The Dockerfile's instructions: comments dropped, continuation lines joined. */
    static List<Instruction> parse(List<String> lines) {
        List<Instruction> instructions = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        int start = 0;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.startsWith("#") || line.isEmpty() && current.isEmpty()) {
                continue;
            }
            if (current.isEmpty()) {
                start = i + 1;
            }
            boolean continues = line.endsWith("\\");
            current.append(continues ? line.substring(0, line.length() - 1) : line).append(' ');
            if (!continues) {
                String text = current.toString().strip();
                int space = text.indexOf(' ');
                instructions.add(new Instruction(start, text.substring(0, space).toUpperCase(), text.substring(space + 1)));
                current.setLength(0);
            }
        }
        return instructions;
    }

    private static List<String> execForm(String where, String arguments) throws IOException {
        assertTrue(arguments.startsWith("["), () -> where + ": the exec form [\"...\"] (a runtime runs no shell here)");
        return json(arguments);
    }

    private static List<String> json(String arguments) throws IOException {
        return JSON.readValue(arguments, new TypeReference<List<String>>() { });
    }

    /** Words split at white space; double quotes group. */
    private static List<String> words(String text) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean quoted = false;
        for (char c : text.toCharArray()) {
            if (c == '"') {
                quoted = !quoted;
            } else if (Character.isWhitespace(c) && !quoted) {
                if (!word.isEmpty()) {
                    words.add(word.toString());
                    word.setLength(0);
                }
            } else {
                word.append(c);
            }
        }
        if (!word.isEmpty()) {
            words.add(word.toString());
        }
        return words;
    }

    private static String symbolic(int mode) {
        String letters = "rwxrwxrwx";
        StringBuilder symbolic = new StringBuilder();
        for (int bit = 8; bit >= 0; bit--) {
            symbolic.append((mode & (1 << bit)) != 0 ? letters.charAt(8 - bit) : '-');
        }
        return symbolic.toString();
    }
}
