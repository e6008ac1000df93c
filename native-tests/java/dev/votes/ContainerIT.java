package dev.votes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.votes.cli.exit.ExitCodes;

/**
 * Black-box: the container image ({@code src/main/docker/Dockerfile.native}) run as a container runtime runs it, with
 * no container engine. {@link ContainerImage} builds the image's root file system from Debian's packages and the
 * Dockerfile's own instructions, with the native binary under test; each container then runs through
 * {@code native-tests/container/run-in-rootfs}: the root file system read-only, no writable /tmp, one volume on the
 * image's VOLUME (a new directory owned and moded as the image's, as a runtime initialises a named volume), an
 * arbitrary user id with group 0 as OpenShift assigns (not the image's USER, and without a password database entry),
 * the image's environment only, and no JDK in the image. serve runs in the container's own network namespace, reached
 * from the host through its address on a virtual Ethernet pair, as {@code -p 8080:8080} forwards to it.
 *
 * <p>Native only: the image holds the native binary. Needs root (mount and network namespaces, chroot), debootstrap
 * and a Debian mirror the first time ({@code bin/install-container-test-tools}; the base root file system is cached
 * in {@code ~/.cache/votes-container}).
 */
class ContainerIT {

    private static final boolean NATIVE = !PackagedCli.EXECUTABLE.toString().endsWith(".jar");
    /** An OpenShift-style arbitrary user id, in group 0; the image's USER is 1001. */
    private static final String ARBITRARY_USER = "1000680000:0";
    private static final String DATASET = "/usr/share/votes/votes.jsonl.gz";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The image's root file system (not a @TempDir: its clean-up would log every symbolic link leading outside). */
    private static Path imageDir;
    private static ContainerImage image;

    @TempDir
    Path dir;

    /** Every container this test started: none may outlive it, whatever failed. */
    private final List<PackagedCli.Running> started = new ArrayList<>();

    @AfterEach
    void stopWhatStillRuns() {
        started.forEach(running -> running.process().destroyForcibly());
    }

    @BeforeAll
    static void buildTheImage() throws Exception {
        assumeTrue(NATIVE, "the image holds the native binary (-Dnative, or -Dvotes.executable=/path/to/votes-runner)");
        assertEquals("0", ContainerImage.run(Duration.ofSeconds(10), "id", "-u").strip(),
                "the test runs the image as a runtime does, as root (mount and network namespaces, chroot)");
        imageDir = Files.createTempDirectory("votes-image-");
        image = ContainerImage.build(imageDir, PackagedCli.EXECUTABLE.toAbsolutePath());
    }

    @AfterAll
    static void removeTheImage() throws Exception {
        if (imageDir != null) {
            ContainerImage.run(Duration.ofMinutes(2), "rm", "-rf", "--one-file-system", imageDir.toString());
        }
    }

    @Test
    void theImageHasNoJvmAndAgreesWithWhatTheTestRuns() throws Exception {
        assertEquals(List.of(), image.jvmFiles(), "no JDK or JRE in the image");
        assertEquals(List.of("/usr/local/bin/votes"), image.entrypoint);
        assertEquals(List.of("/work"), image.volumes, "one data volume");
        assertEquals(List.of(8080), image.exposed, "EXPOSE serve's port");
        assertEquals("/work/warehouse.db", image.env.get("VOTES_DB"), "the warehouse in the volume");
        assertEquals("0.0.0.0", image.env.get("VOTES_BIND"), "serve listens beyond the container's loopback");
        assertEquals("0", image.user.split(":")[1], "the image's user is in group 0, as arbitrary user ids are");
        assertEquals("rwxrwx---", PosixFilePermissions.toString(Files.getPosixFilePermissions(image.inRoot("/work"))),
                "the data directory is group-0 writable (chmod g=u)");
        assertEquals(0, Files.getAttribute(image.inRoot("/work"), "unix:gid"));

        Path volume = volume();
        PackagedCli.Result help = run(volume, Map.of());
        assertEquals(ExitCodes.OK, help.exitCode(), help::toString);
        assertTrue(help.out().startsWith("Usage: votes"), "CMD is --help: " + help);
        PackagedCli.Result serveHelp = run(volume, Map.of(), "serve", "--help");
        assertEquals(ExitCodes.OK, serveHelp.exitCode(), serveHelp::toString);
        assertTrue(serveHelp.out().replaceAll("\\s+", " ").contains("(default: 0.0.0.0; env VOTES_BIND sets the default)"),
                serveHelp::toString);
    }

    @Test
    void ingestAndOutliersRunAsAnArbitraryUserOnAReadOnlyRootWithOnlyTheVolumeWritable() throws Exception {
        Path volume = volume();

        PackagedCli.Result ingest = run(volume, Map.of(), "ingest", DATASET);
        PackagedCli.Result outliers = run(volume, Map.of(), "outliers", "--format", "csv");
        PackagedCli.Result again = run(volume, Map.of(), "ingest", DATASET);

        assertEquals(ExitCodes.OK, ingest.exitCode(), ingest::toString);
        assertTrue(ingest.err().contains("read 40299, inserted 40299"), ingest::toString);
        assertEquals(ExitCodes.OK, outliers.exitCode(), outliers::toString);
        assertEquals(hostOutliers(), outliers.out(), "the same outlier weeks as the binary outside the container");
        assertEquals(163, outliers.out().lines().count(), "a header and the 162 outlier weeks");
        assertEquals(ExitCodes.OK, again.exitCode(), again::toString);
        assertTrue(again.err().contains("skipped 1 unchanged file(s)"),
                "the second container finds the first one's ledger: " + again);

        Path warehouse = volume.resolve("warehouse.db");
        assertEquals(1000680000, Files.getAttribute(warehouse, "unix:uid", LinkOption.NOFOLLOW_LINKS));
        assertEquals(0, Files.getAttribute(warehouse, "unix:gid", LinkOption.NOFOLLOW_LINKS));
        try (Stream<Path> files = Files.walk(volume.resolve(".cache"))) {
            assertEquals(1, files.filter(path -> path.getFileName().toString().equals("libduckdb_java.so")).count(),
                    "DuckDB's library is unpacked once, into the volume (HOME=/work)");
        }
    }

    @Test
    void serveListensBeyondTheContainerWithATokenAndRefusesToStartWithoutOne() throws Exception {
        Path volume = volume();
        assertEquals(ExitCodes.OK, run(volume, Map.of(), "ingest", DATASET).exitCode());
        int port = image.exposed.getFirst();

        try (ContainerNetwork network = ContainerNetwork.create()) {
            // Without a token: one line that tells the container's user what to set, and nothing listens.
            PackagedCli.Result refused = start(builder(volume, Map.of(), network.name(), "serve"))
                    .await(Duration.ofMinutes(1));
            assertEquals(ExitCodes.USAGE, refused.exitCode(), refused::toString);
            assertEquals(1, refused.err().lines().count(), refused::toString);
            assertTrue(refused.err().startsWith("votes serve: VOTES_BIND=0.0.0.0 listens beyond this machine"),
                    refused::toString);
            assertTrue(refused.err().contains("set VOTES_TOKEN"), refused::toString);
            assertEquals("", refused.out());

            // The loopback address the binary defaults to outside the image cannot be reached from outside.
            PackagedCli.Running loopback = start(builder(volume, Map.of(), network.name(), "serve", "--bind",
                    "127.0.0.1"));
            try {
                loopback.awaitErr("listening on http://127.0.0.1:" + port + "/", Duration.ofMinutes(1));
                assertThrows(ConnectException.class, () -> connect(network.containerAddress(), port),
                        "a listener on the container's loopback is out of reach");
            } finally {
                loopback.signal("TERM");
                loopback.await(Duration.ofMinutes(1));
            }

            PackagedCli.Running serve = start(builder(volume, Map.of("VOTES_TOKEN", "s3cret"), network.name(),
                    "serve"));
            try {
                serve.awaitErr("listening on http://0.0.0.0:" + port + "/", Duration.ofMinutes(1));
                assertTrue(serve.errSoFar().contains("writes need the token"), serve.errSoFar());
                List<Path> scratch = scratchDirectories(volume);
                assertEquals(1, scratch.size(), "with no writable /tmp, serve's scratch directory is beside the "
                        + "warehouse: " + scratch);

                URI base = URI.create("http://" + network.containerAddress() + ":" + port);
                HttpClient http = HttpClient.newBuilder().proxy(HttpClient.Builder.NO_PROXY)
                        .connectTimeout(Duration.ofSeconds(10)).build();
                HttpResponse<String> outliers = http.send(HttpRequest.newBuilder(base.resolve("/api/outliers")).build(),
                        HttpResponse.BodyHandlers.ofString());
                HttpResponse<String> page = http.send(HttpRequest.newBuilder(base.resolve("/")).build(),
                        HttpResponse.BodyHandlers.ofString());
                HttpResponse<String> noToken = http.send(upload(base, null), HttpResponse.BodyHandlers.ofString());
                HttpResponse<String> upload = http.send(upload(base, "s3cret"), HttpResponse.BodyHandlers.ofString());

                assertEquals(200, outliers.statusCode(), outliers.body());
                assertEquals(162, JSON.readTree(outliers.body()).size(), outliers.body());
                assertEquals(200, page.statusCode(), "the page, from the binary's resources: " + page.body());
                assertTrue(page.body().contains("upload-form"), page.body());
                assertEquals(401, noToken.statusCode(), noToken.body());
                assertEquals(200, upload.statusCode(), upload.body());
                JsonNode run = JSON.readTree(upload.body());
                assertEquals(16, run.get("rows_read").asLong(), upload.body());
            } finally {
                serve.signal("TERM");
            }
            PackagedCli.Result stopped = serve.await(Duration.ofMinutes(1));
            assertEquals(ExitCodes.TERMINATED, stopped.exitCode(), stopped::toString);
            assertEquals(List.of(), scratchDirectories(volume), "serve removed its scratch directory");
        }
        PackagedCli.Result runs = run(volume, Map.of(), "runs", "--format", "csv");
        assertEquals(3, runs.out().lines().count(), "a header, the CLI's run and the upload's: " + runs);
    }

    /** Runs the image to completion in the host's network namespace. */
    private PackagedCli.Result run(Path volume, Map<String, String> env, String... args) throws Exception {
        return start(builder(volume, env, null, args)).await(Duration.ofMinutes(3));
    }

    /**
     * Starts a container. Its process is the binary's own in the end (run-in-rootfs, ip netns exec, unshare, chroot
     * and env each replace themselves with the next), so destroying it stops the container.
     */
    private PackagedCli.Running start(ProcessBuilder builder) throws IOException {
        PackagedCli.Running running = PackagedCli.start(dir, builder);
        started.add(running);
        return running;
    }

    private ProcessBuilder builder(Path volume, Map<String, String> env, String netns, String... args) {
        return new ProcessBuilder(image.command(new ContainerImage.Run(ARBITRARY_USER, Map.of("/work", volume), env,
                netns), args));
    }

    /** A new volume as a runtime makes a named one: owner, group and mode copied from the image's directory. */
    private Path volume() throws IOException {
        Path volume = Files.createDirectory(dir.resolve("volume"));
        Path inImage = image.inRoot(image.volumes.getFirst());
        Files.setAttribute(volume, "unix:uid", Files.getAttribute(inImage, "unix:uid"));
        Files.setAttribute(volume, "unix:gid", Files.getAttribute(inImage, "unix:gid"));
        Files.setPosixFilePermissions(volume, Files.getPosixFilePermissions(inImage));
        return volume;
    }

    /** The outlier weeks of the dataset, by the same binary outside the container. */
    private String hostOutliers() throws Exception {
        Path host = Files.createDirectory(dir.resolve("host"));
        PackagedCli.Result ingest = PackagedCli.run(host, "ingest", "--db", "w.db", PackagedCli.DATASET.toAbsolutePath()
                .toString());
        assertEquals(ExitCodes.OK, ingest.exitCode(), ingest::toString);
        PackagedCli.Result outliers = PackagedCli.run(host, "outliers", "--db", "w.db", "--format", "csv");
        assertEquals(ExitCodes.OK, outliers.exitCode(), outliers::toString);
        return outliers.out();
    }

    private static List<Path> scratchDirectories(Path volume) throws IOException {
        try (Stream<Path> files = Files.list(volume)) {
            return files.filter(path -> path.getFileName().toString().startsWith("warehouse.db.serve-")).toList();
        }
    }

    private static void connect(String address, int port) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(address, port), 5_000);
        }
    }

    /** A multipart/form-data POST of the exercise's example file, with the bearer token when given. */
    private static HttpRequest upload(URI base, String token) throws Exception {
        return ServeIT.upload(base, token, IngestCommandTest.example());
    }

    /**
     * The container's own network namespace, joined to the host by a virtual Ethernet pair: {@code eth0} in the
     * container, a private /30 between them. Removed on close.
     */
    record ContainerNetwork(String name, String hostInterface, String hostAddress, String containerAddress)
            implements AutoCloseable {

        static ContainerNetwork create() throws Exception {
            long pid = ProcessHandle.current().pid();
            int slot = (int) (pid % 16_384);
            String prefix = "10.213." + slot / 64 + ".";
            int first = slot % 64 * 4;
            ContainerNetwork network = new ContainerNetwork("votes-it-" + pid, "vh" + pid, prefix + (first + 1),
                    prefix + (first + 2));
            Duration timeout = Duration.ofSeconds(30);
            ContainerImage.run(timeout, "ip", "netns", "add", network.name());
            try {
                ContainerImage.run(timeout, "ip", "link", "add", network.hostInterface(), "type", "veth", "peer",
                        "name", "eth0", "netns", network.name());
                ContainerImage.run(timeout, "ip", "addr", "add", network.hostAddress() + "/30", "dev",
                        network.hostInterface());
                ContainerImage.run(timeout, "ip", "link", "set", network.hostInterface(), "up");
                ContainerImage.run(timeout, "ip", "-n", network.name(), "addr", "add",
                        network.containerAddress() + "/30", "dev", "eth0");
                ContainerImage.run(timeout, "ip", "-n", network.name(), "link", "set", "eth0", "up");
                ContainerImage.run(timeout, "ip", "-n", network.name(), "link", "set", "lo", "up");
            } catch (Throwable e) {
                network.close();
                throw e;
            }
            return network;
        }

        @Override
        public void close() throws Exception {
            new ProcessBuilder("ip", "netns", "del", name).start().waitFor();
            new ProcessBuilder("ip", "link", "del", hostInterface).redirectErrorStream(true).start().waitFor();
        }
    }
}
