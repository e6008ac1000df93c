package dev.votes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.votes.cli.exit.ExitCodes;

/**
 * Black-box, the runner jar and the native binary: {@code votes serve} with a temp directory it cannot write (as on a
 * container's read-only root file system without a volume on /tmp). By default Vert.x would make /tmp/vertx-cache at
 * start and die with a stack trace before any option is even checked. Here serve starts, keeps its scratch
 * directory (uploads, Vert.x's file cache) beside the warehouse and removes it when it stops; a refused option and
 * {@code serve --help} still get their one line and help. The temp directory is made read-only in a private mount
 * namespace ({@code unshare -m}, as root). ContainerIT runs the whole image so, native only.
 */
class ServeReadOnlyTempIT {

    @TempDir
    Path dir;

    @Test
    void serveStartsServesItsPageAndStopsWithTheTempDirectoryReadOnly() throws Exception {
        Path data = Files.createDirectory(dir.resolve("data"));
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        PackagedCli.Running serve = PackagedCli.start(dir, readOnlyTemp("serve", "--port", Integer.toString(port),
                "--db", data.resolve("warehouse.db").toString()));
        try {
            serve.awaitErr("listening on http://127.0.0.1:" + port + "/", Duration.ofMinutes(1));
            HttpClient http = HttpClient.newBuilder().proxy(HttpClient.Builder.NO_PROXY).build();
            URI base = URI.create("http://127.0.0.1:" + port);
            HttpResponse<String> page = http.send(HttpRequest.newBuilder(base.resolve("/")).build(),
                    HttpResponse.BodyHandlers.ofString());
            HttpResponse<String> health = http.send(HttpRequest.newBuilder(base.resolve("/q/health")).build(),
                    HttpResponse.BodyHandlers.ofString());

            assertEquals(200, page.statusCode(), page.body());
            assertTrue(page.body().contains("upload-form"), "the page, unpacked by Vert.x into its cache: " + page.body());
            assertEquals(200, health.statusCode(), health.body());
            List<Path> scratch = scratch(data);
            assertEquals(1, scratch.size(), "the scratch directory is beside the warehouse: " + scratch);
            try (Stream<Path> inside = Files.list(scratch.getFirst())) {
                assertEquals(List.of("uploads", "vertx-cache"), inside.map(path -> path.getFileName().toString())
                        .sorted().toList());
            }
        } finally {
            serve.signal("TERM");
        }
        PackagedCli.Result stopped = serve.await(Duration.ofMinutes(1));
        assertEquals(ExitCodes.TERMINATED, stopped.exitCode(), stopped::toString);
        assertEquals(List.of(), scratch(data), "removed when serve stopped");
    }

    @Test
    void aRefusedAddressAndTheHelpNeedNoWritableDirectoryAtAll() throws Exception {
        Path data = Files.createDirectory(dir.resolve("data"));
        ProcessBuilder noToken = readOnlyTemp("serve", "--bind", "0.0.0.0", "--port", "0", "--db",
                data.resolve("warehouse.db").toString());
        noToken.environment().remove("VOTES_TOKEN");
        PackagedCli.Result refused = PackagedCli.start(dir, noToken).await(Duration.ofMinutes(1));
        PackagedCli.Result help = PackagedCli.start(dir, readOnlyTemp("serve", "--help")).await(Duration.ofMinutes(1));

        assertEquals(ExitCodes.USAGE, refused.exitCode(), refused::toString);
        assertEquals(1, refused.err().lines().count(), refused::toString);
        assertTrue(refused.err().startsWith("votes serve: --bind 0.0.0.0 listens beyond this machine"), refused::toString);
        assertEquals(ExitCodes.OK, help.exitCode(), help::toString);
        assertTrue(help.out().contains("VOTES_BIND"), help::toString);
        assertEquals(List.of(), scratch(data), "nothing was made");
    }

    /** The CLI with {@code java.io.tmpdir} a directory mounted read-only in a private mount namespace. */
    private ProcessBuilder readOnlyTemp(String... args) throws IOException {
        Path temp = Files.createDirectories(dir.resolve("tmp"));
        String mount = "mount --bind '" + temp + "' '" + temp + "' && mount -o remount,bind,ro '" + temp + "' '" + temp
                + "' && exec \"$@\"";
        List<String> prefix = List.of("unshare", "-m", "sh", "-c", mount, "sh");
        List<String> command = new ArrayList<>(PackagedCli.command(prefix, args));
        command.add(prefix.size() + 1, "-Djava.io.tmpdir=" + temp);
        return new ProcessBuilder(command);
    }

    private static List<Path> scratch(Path data) throws IOException {
        try (Stream<Path> files = Files.list(data)) {
            return files.filter(path -> path.getFileName().toString().startsWith("warehouse.db.serve-")).toList();
        }
    }
}
