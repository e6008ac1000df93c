package dev.votes.release;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * bin/release, the steps of a release, run as the release workflow and CI run them (bash, a real process) on a copy of
 * the files it reads: the tag check that guards a release, the release notes taken from CHANGELOG.md, staging a
 * binary with its completion script, and the archive check refusing incomplete archives. The whole path with the real
 * native binary and JReleaser (stage, assemble, verify, checksums, a dry run of the release) is 'bin/release dry-run',
 * which CI runs after the native build.
 */
class ReleaseScriptTest {

    @TempDir
    Path temp;

    private Path project;

    private record Run(int exit, String stdout, String stderr) {
    }

    @BeforeEach
    void copyProject() throws IOException {
        project = temp.resolve("votes");
        Files.createDirectories(project.resolve("bin"));
        Files.copy(Path.of("bin/release"), project.resolve("bin/release"), StandardCopyOption.COPY_ATTRIBUTES);
        Files.copy(Path.of("jreleaser.yml"), project.resolve("jreleaser.yml"));
        pom("1.2.0");
        Files.writeString(project.resolve("CHANGELOG.md"), """
                # Changelog

                ## [Unreleased]

                ### Added

                - Something new.

                ## [1.2.0] - 2026-11-30

                ### Fixed

                - A fix, on
                  two lines.

                ### Added

                - A feature.

                ## [1.1.0] - 2026-10-01

                ### Added

                - The first release.

                [Unreleased]: https://example.invalid/compare/v1.2.0...HEAD
                [1.2.0]: https://example.invalid/compare/v1.1.0...v1.2.0
                """);
    }

    /** A POM shaped as the project's: its own version at four spaces, other versions deeper. */
    private void pom(String version) throws IOException {
        Files.writeString(project.resolve("pom.xml"), """
                <?xml version="1.0" encoding="UTF-8"?>
                <project>
                    <modelVersion>4.0.0</modelVersion>
                    <groupId>dev.votes</groupId>
                    <artifactId>votes</artifactId>
                    <version>%s</version>
                    <dependencies>
                        <dependency>
                            <version>9.9.9</version>
                        </dependency>
                    </dependencies>
                </project>
                """.formatted(version));
    }

    private Run release(String... arguments) throws Exception {
        return release(project, arguments);
    }

    private static Run release(Path project, String... arguments) throws Exception {
        List<String> command = new ArrayList<>(List.of("bash", project.resolve("bin/release").toString()));
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).directory(project.toFile()).start();
        process.getOutputStream().close();
        byte[] out = process.getInputStream().readAllBytes();
        byte[] err = process.getErrorStream().readAllBytes();
        assertTrue(process.waitFor(60, TimeUnit.SECONDS));
        return new Run(process.exitValue(), new String(out, StandardCharsets.UTF_8),
                new String(err, StandardCharsets.UTF_8));
    }

    @Test
    void theVersionIsTheOneMavenBuilds() throws Exception {
        Properties built = new Properties();
        try (InputStream in = getClass().getClassLoader().getResourceAsStream("votes-version.properties")) {
            built.load(in);
        }
        Run run = release(Path.of("").toAbsolutePath(), "version");
        assertEquals(0, run.exit(), run.stderr());
        assertEquals(built.getProperty("version") + "\n", run.stdout());
        assertEquals("1.2.0\n", release("version").stdout());
    }

    @Test
    void theNotesAreTheVersionsChangelogSectionOrUnreleasedForASnapshot() throws Exception {
        Run run = release("notes", "1.2.0");
        assertEquals(0, run.exit(), run.stderr());
        assertEquals("""
                ### Fixed

                - A fix, on
                  two lines.

                ### Added

                - A feature.
                """, run.stdout());

        assertEquals("### Added\n\n- The first release.\n", release("notes", "1.1.0").stdout(),
                "the link definitions are not part of the last section");
        assertEquals("### Added\n\n- Something new.\n", release("notes", "1.3.0-SNAPSHOT").stdout());

        Run toFile = release("notes", "1.2.0", "target/release/notes.md");
        assertEquals(0, toFile.exit(), toFile.stderr());
        assertEquals(run.stdout(), Files.readString(project.resolve("target/release/notes.md")));

        Run missing = release("notes", "1.2.1");
        assertEquals(1, missing.exit());
        assertEquals("", missing.stdout());
        assertEquals("release: CHANGELOG.md has no section '## [1.2.1]': add one (docs/releases.md)\n",
                missing.stderr());
    }

    @Test
    void aReleasesEmptySectionHasNoNotesButASnapshotRightAfterARelease() throws Exception {
        Files.writeString(project.resolve("CHANGELOG.md"), "# Changelog\n\n## [Unreleased]\n\n## [1.3.0] - 2026-12-01\n\n"
                + "## [1.2.0] - 2026-11-30\n\n### Added\n\n- A feature.\n");
        Run snapshot = release("notes", "1.4.0-SNAPSHOT");
        assertEquals(0, snapshot.exit(), snapshot.stderr());
        assertEquals("No changes since the last release yet.\n", snapshot.stdout());

        Run run = release("notes", "1.3.0");
        assertEquals(1, run.exit());
        assertEquals("release: CHANGELOG.md's section '## [1.3.0]' is empty: say what changed\n", run.stderr());
        pom("1.3.0");
        assertEquals(1, release("check-tag", "v1.3.0").exit());
    }

    @Test
    void onlyTheTagOfTheReleasedPomVersionWithADatedSectionPasses() throws Exception {
        Run good = release("check-tag", "v1.2.0");
        assertEquals(0, good.exit(), good.stderr());
        assertEquals("release: tag v1.2.0 matches pom.xml's version 1.2.0, and CHANGELOG.md has its section\n",
                good.stderr());

        Run other = release("check-tag", "v1.2.1");
        assertEquals(1, other.exit());
        assertEquals("release: tag v1.2.1 does not match pom.xml's version 1.2.0: release tags are v<the POM's "
                + "version> (tag v1.2.0, or set <version>1.2.1</version>)\n", other.stderr());

        Run noV = release("check-tag", "1.2.0");
        assertEquals(1, noV.exit());
        assertTrue(noV.stderr().startsWith("release: tag '1.2.0' does not start with v"), noV.stderr());

        pom("1.3.0-SNAPSHOT");
        Run snapshot = release("check-tag", "v1.3.0");
        assertEquals(1, snapshot.exit());
        assertEquals("release: tag v1.3.0: pom.xml's version is 1.3.0-SNAPSHOT, a snapshot: set "
                + "<version>1.3.0</version>, commit, and tag that commit\n", snapshot.stderr());

        pom("1.3.0");
        Run noSection = release("check-tag", "v1.3.0");
        assertEquals(1, noSection.exit());
        assertEquals("release: tag v1.3.0: CHANGELOG.md has no section '## [1.3.0] - YYYY-MM-DD': move the "
                + "[Unreleased] entries under it\n", noSection.stderr());

        // A heading without its date is not a release's section yet.
        String changelog = Files.readString(project.resolve("CHANGELOG.md"));
        Files.writeString(project.resolve("CHANGELOG.md"), changelog.replace("## [Unreleased]", "## [1.3.0]"));
        assertEquals(1, release("check-tag", "v1.3.0").exit());
    }

    /** A stand-in for the native binary: what the real one prints for --version and completion. */
    private Path fakeBinary(String versionLine) throws IOException {
        Path binary = temp.resolve("votes-1.2.0-runner");
        Files.writeString(binary, """
                #!/bin/sh
                case "$1" in
                    --version) echo '%s' ;;
                    completion) printf 'complete -F _votes votes\\n' ;;
                    *) exit 2 ;;
                esac
                """.formatted(versionLine));
        Files.setPosixFilePermissions(binary, PosixFilePermissions.fromString("rwxr-xr-x"));
        return binary;
    }

    @Test
    void stagingPutsTheBinaryAndTheCompletionScriptItPrintsWhereJReleaserTakesThem() throws Exception {
        Path binary = fakeBinary("votes 1.2.0 (commit abc1234, DuckDB v2.0.0, native)");
        Run run = release("stage", "linux-aarch64", binary.toString());
        assertEquals(0, run.exit(), run.stderr());
        Path staged = project.resolve("target/release/linux-aarch64");
        assertTrue(Files.isExecutable(staged.resolve("bin/votes")));
        assertEquals(Files.readString(binary), Files.readString(staged.resolve("bin/votes")));
        assertEquals("complete -F _votes votes\n", Files.readString(staged.resolve("completion/votes.bash")));

        Run jvm = release("stage", "linux-x86_64", fakeBinary("votes 1.2.0 (commit abc1234, DuckDB v2.0.0, JVM)").toString());
        assertEquals(1, jvm.exit());
        assertTrue(jvm.stderr().contains("is not the native binary of version 1.2.0: its --version says 'votes 1.2.0 "
                + "(commit abc1234, DuckDB v2.0.0, JVM)'"), jvm.stderr());

        Run otherVersion = release("stage", "linux-x86_64",
                fakeBinary("votes 1.1.0 (commit abc1234, DuckDB v2.0.0, native)").toString());
        assertEquals(1, otherVersion.exit());

        Run unknown = release("stage", "windows-x86_64", binary.toString());
        assertEquals(1, unknown.exit());
        assertEquals("release: no platform named 'windows-x86_64' in jreleaser.yml's matrix (one of: linux-x86_64 "
                + "linux-aarch64 macos-arm64)\n", unknown.stderr());
    }

    /** A tar.gz of the given files under one directory NAME, as JReleaser lays the archive out. */
    private Path tarGz(String name, List<String> files) throws Exception {
        Path directory = temp.resolve("archives").resolve(name + "-" + System.nanoTime());
        for (String file : files) {
            Path path = directory.resolve(name).resolve(file);
            Files.createDirectories(path.getParent());
            Files.writeString(path, "content of " + file + "\n");
            if (file.startsWith("bin/")) {
                Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rwxr-xr-x"));
            }
        }
        Path archive = directory.resolve(name + ".tar.gz");
        Process tar = new ProcessBuilder("tar", "-czf", archive.toString(), "-C", directory.toString(), name)
                .inheritIO().start();
        assertEquals(0, tar.waitFor());
        return archive;
    }

    @Test
    void anArchiveWithoutItsLicenceOrCompletionOrWithStrayFilesIsRefused() throws Exception {
        List<String> complete = List.of("CHANGELOG.md", "LICENSE", "NOTICE", "README.md", "bin/votes",
                "completion/votes.bash");
        for (String left : List.of("LICENSE", "completion/votes.bash", "NOTICE")) {
            List<String> files = new ArrayList<>(complete);
            files.remove(left);
            Run run = release("verify", tarGz("votes-1.2.0-linux-x86_64", files).toString());
            assertEquals(1, run.exit(), left);
            assertTrue(run.stderr().startsWith("release: ") && run.stderr().contains(" instead of "), run.stderr());
        }
        List<String> extra = new ArrayList<>(complete);
        extra.add("data/votes.jsonl.gz");
        assertEquals(1, release("verify", tarGz("votes-1.2.0-linux-x86_64", extra).toString()).exit());

        // All the files, but LICENSE is not the licence.
        Run fake = release("verify", tarGz("votes-1.2.0-linux-x86_64", complete).toString());
        assertEquals(1, fake.exit());
        assertTrue(fake.stderr().endsWith("LICENSE is not the Apache License 2.0\n"), fake.stderr());

        Run misnamed = release("verify", tarGz("votes-1.1.0-linux-x86_64", complete).toString());
        assertEquals(1, misnamed.exit());
        assertTrue(misnamed.stderr().contains("is not named votes-1.2.0-PLATFORM.tar.gz"), misnamed.stderr());
    }
}
