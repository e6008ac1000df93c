package dev.votes.warehouse.library;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tukaani.xz.XZInputStream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import dev.votes.warehouse.library.DuckDbLibrary.PackedLibrary;

/**
 * The DuckDB library of each release platform, from the driver's jar to the runtime cache: the jar holds one for every
 * platform of jreleaser.yml's matrix, built for that platform's architecture; the build step
 * (src/build/PackDuckDbLibrary.java, run as the POM runs it) chooses that library on that platform, by itself
 * ({@code -Dduckdb.platform=auto}) or when told; and the runtime loader ({@link LibraryCache}) unpacks what it packed.
 * The release workflow builds each platform's binary on that platform, so these are the paths it takes; here they run
 * on one machine by telling the build step which operating system and architecture it is on.
 */
class PlatformLibrariesTest {

    private static final String VERSION = "2.0.0.1";

    @TempDir
    Path temp;

    /** The DuckDB platform names of the release's matrix (jreleaser.yml's 'duckdb' column). */
    private static List<String> releasePlatforms() throws IOException {
        JsonNode rows = new YAMLMapper().readTree(Path.of("jreleaser.yml").toFile()).path("matrix").path("rows");
        List<String> platforms = new ArrayList<>();
        rows.forEach(row -> platforms.add(row.path("duckdb").asText()));
        assertEquals(List.of("linux_amd64", "linux_arm64", "macos_arm64"), platforms);
        return platforms;
    }

    private static Path jarOf(Class<?> type) throws URISyntaxException {
        return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
    }

    @Test
    void theDriverJarHasALibraryForEachReleasePlatformBuiltForItsArchitecture() throws Exception {
        Path jar = jarOf(org.duckdb.DuckDBDriver.class);
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            for (String platform : releasePlatforms()) {
                ZipEntry entry = zip.getEntry("libduckdb_java.so_" + platform);
                assertNotNull(entry, jar + " has no library for " + platform);
                byte[] header;
                try (InputStream in = zip.getInputStream(entry)) {
                    header = in.readNBytes(24);
                }
                assertEquals(expectedFormat(platform), format(header), platform);
            }
        }
    }

    private static String expectedFormat(String platform) {
        return switch (platform) {
            case "linux_amd64" -> "ELF x86-64";
            case "linux_arm64" -> "ELF aarch64";
            case "macos_arm64" -> "Mach-O arm64";
            default -> throw new AssertionError("a release platform this test does not know: " + platform);
        };
    }

    /** What a library's first bytes say it is: ELF and its machine, or a 64-bit Mach-O and its CPU. */
    private static String format(byte[] header) {
        ByteBuffer little = ByteBuffer.wrap(header).order(ByteOrder.LITTLE_ENDIAN);
        if (header[0] == 0x7F && header[1] == 'E' && header[2] == 'L' && header[3] == 'F' && header[4] == 2) {
            int machine = little.getShort(18) & 0xFFFF;
            return "ELF " + switch (machine) {
                case 0x3E -> "x86-64";
                case 0xB7 -> "aarch64";
                default -> "machine " + machine;
            };
        }
        if (little.getInt(0) == 0xFEEDFACF) {
            int cpu = little.getInt(4);
            return "Mach-O " + (cpu == 0x0100000C ? "arm64" : cpu == 0x01000007 ? "x86-64" : "cpu " + cpu);
        }
        return "unknown " + HexFormat.of().formatHex(header, 0, 4);
    }

    /** A jar laid out as the driver's, with a small distinct "library" per platform. */
    private Map<String, byte[]> fakeDriverJar(Path jar) throws IOException {
        Map<String, byte[]> libraries = new LinkedHashMap<>();
        Random random = new Random(11);
        for (String platform : List.of("linux_amd64", "linux_arm64", "macos_arm64", "windows_amd64")) {
            byte[] content = new byte[50_000 + libraries.size() * 1000];
            random.nextBytes(content);
            libraries.put(platform, content);
        }
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(jar))) {
            zip.putNextEntry(new ZipEntry("org/duckdb/DuckDBNative.class"));
            zip.write("not a class".getBytes(StandardCharsets.US_ASCII));
            for (Map.Entry<String, byte[]> library : libraries.entrySet()) {
                zip.putNextEntry(new ZipEntry("libduckdb_java.so_" + library.getKey()));
                zip.write(library.getValue());
            }
        }
        return libraries;
    }

    private record Run(int exit, String stderr) {
    }

    /** The build step as the POM's native profile runs it, in a JVM that believes it runs on osName/osArch. */
    private static Run pack(Path jar, String platform, Path out, String osName, String osArch) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dos.name=" + osName, "-Dos.arch=" + osArch,
                "-cp", jarOf(org.tukaani.xz.XZOutputStream.class).toString(),
                Path.of("src/build/PackDuckDbLibrary.java").toAbsolutePath().toString(),
                jar.toString(), VERSION, platform, out.toString()));
        Process process = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        String stderr = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(120, TimeUnit.SECONDS), "PackDuckDbLibrary did not finish");
        return new Run(process.exitValue(), stderr);
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    @Test
    void onEachReleasePlatformTheBuildPacksThatPlatformsLibraryAndTheLoaderUnpacksIt() throws Exception {
        Path jar = temp.resolve("duckdb_jdbc.jar");
        Map<String, byte[]> libraries = fakeDriverJar(jar);
        // What the JVM of a build machine on each release platform reports (os.name, os.arch).
        Map<String, List<String>> machines = Map.of(
                "linux_amd64", List.of("Linux", "amd64"),
                "linux_arm64", List.of("Linux", "aarch64"),
                "macos_arm64", List.of("Mac OS X", "aarch64"));
        for (String platform : releasePlatforms()) {
            for (String chosen : List.of("auto", platform)) {
                Path out = temp.resolve(platform + "-" + chosen);
                List<String> machine = machines.get(platform);
                Run run = pack(jar, chosen, out, machine.get(0), machine.get(1));
                assertEquals(0, run.exit(), run.stderr());

                Path descriptor = out.resolve("duckdb/library.properties");
                PackedLibrary packed;
                try (InputStream in = Files.newInputStream(descriptor)) {
                    packed = PackedLibrary.read(in);
                }
                byte[] expected = libraries.get(platform);
                assertEquals(platform, packed.platform(), chosen + " on " + machine);
                assertEquals(expected.length, packed.size());
                assertEquals(sha256(expected), packed.sha256());
                assertEquals(VERSION, packed.version());
                assertEquals("duckdb/libduckdb_java.so.xz", packed.resource());
                try (InputStream xz = new XZInputStream(Files.newInputStream(out.resolve(packed.resource())))) {
                    assertArrayEquals(expected, xz.readAllBytes(), "the packed library of " + platform);
                }

                // The runtime loader: the cache entry is named for the platform and holds exactly the library.
                Path root = temp.resolve("cache-" + platform + "-" + chosen);
                Path file = new LibraryCache(List.of(new LibraryCache.Candidate(root, "VOTES_CACHE_DIR", false)))
                        .provide(packed, () -> new XZInputStream(Files.newInputStream(out.resolve(packed.resource()))));
                assertEquals(root.resolve("duckdb-" + VERSION + "-" + platform + "-" + packed.sha256().substring(0, 16))
                        .resolve("libduckdb_java.so"), file);
                assertArrayEquals(expected, Files.readAllBytes(file));
            }
        }
    }

    @Test
    void aPlatformTheDriverHasNoLibraryForFailsTheBuildNamingIt() throws Exception {
        Path jar = temp.resolve("duckdb_jdbc.jar");
        fakeDriverJar(jar);
        Path out = temp.resolve("out");

        Run explicit = pack(jar, "linux_riscv64", out, "Linux", "amd64");
        assertFalse(explicit.exit() == 0);
        assertTrue(explicit.stderr().contains("has no libduckdb_java.so_linux_riscv64: DuckDB ships no library for "
                + "platform linux_riscv64"), explicit.stderr());

        // An Intel Mac: the driver ships no macos_amd64 library (so the release has no such binary).
        Run auto = pack(jar, "auto", out, "Mac OS X", "x86_64");
        assertFalse(auto.exit() == 0);
        assertTrue(auto.stderr().contains("DuckDB ships no library for platform macos_amd64"), auto.stderr());
        assertFalse(Files.exists(out.resolve("duckdb/library.properties")));
    }
}
