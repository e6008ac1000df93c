package dev.votes.release;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

/**
 * The release's configuration, read as GitHub and JReleaser read it: the workflows and jreleaser.yml parse, every
 * action is pinned to a commit, the three places that name the release platforms (the release workflow's matrix,
 * jreleaser.yml's matrix, the POM's -Dduckdb.platform values) agree, the archive carries the binary, the completion
 * script, the licence and the README, and the licence, NOTICE and CHANGELOG are what docs/releases.md says.
 * (bin/lint-workflows lints the workflows with actionlint in CI; bin/release dry-run runs JReleaser on them.)
 */
class ReleaseConfigurationTest {

    private static final Path CI = Path.of(".github/workflows/ci.yml");
    private static final Path RELEASE = Path.of(".github/workflows/release.yml");
    private static final Path JRELEASER = Path.of("jreleaser.yml");

    /** The three release platforms: the archive's name, DuckDB's name, JReleaser's name. */
    private static final Map<String, List<String>> PLATFORMS = Map.of(
            "linux-x86_64", List.of("linux_amd64", "linux-x86_64"),
            "linux-aarch64", List.of("linux_arm64", "linux-aarch_64"),
            "macos-arm64", List.of("macos_arm64", "osx-aarch_64"));

    private static JsonNode yaml(Path file) throws IOException {
        return new YAMLMapper().readTree(file.toFile());
    }

    @Test
    void theWorkflowsParseAndPinEveryActionToACommitNamingItsVersion() throws IOException {
        List<Path> workflows;
        try (Stream<Path> files = Files.list(Path.of(".github/workflows"))) {
            workflows = files.filter(f -> f.toString().endsWith(".yml")).sorted().toList();
        }
        assertEquals(List.of(CI, RELEASE), workflows);
        Pattern pinned = Pattern.compile("[\\w.-]+/[\\w.-]+@[0-9a-f]{40}");
        Pattern line = Pattern.compile("^\\s*(?:- )?uses: (\\S+)(.*)$", Pattern.MULTILINE);
        for (Path workflow : workflows) {
            JsonNode root = yaml(workflow);
            assertTrue(root.path("jobs").size() > 0, workflow + " has no jobs");
            List<String> uses = new ArrayList<>();
            root.path("jobs").forEach(job -> {
                if (job.has("uses")) {
                    uses.add(job.path("uses").asText());
                }
                job.path("steps").forEach(step -> {
                    assertTrue(step.has("uses") != step.has("run"), workflow + ": a step is either an action or a command: " + step);
                    if (step.has("uses")) {
                        uses.add(step.path("uses").asText());
                    }
                });
            });
            assertFalse(uses.isEmpty());
            Matcher lines = line.matcher(Files.readString(workflow));
            List<String> seen = new ArrayList<>();
            while (lines.find()) {
                String action = lines.group(1);
                seen.add(action);
                if (action.startsWith("./")) {
                    assertTrue(Files.isRegularFile(Path.of(action)), workflow + ": " + action + " does not exist");
                    continue;
                }
                assertTrue(pinned.matcher(action).matches(), workflow + ": " + action + " is not pinned to a commit");
                assertTrue(lines.group(2).matches("\\s+# v\\d+\\.\\d+\\.\\d+"),
                        workflow + ": " + action + " lacks its version as '# vX.Y.Z'");
            }
            assertEquals(uses, seen, workflow + ": every 'uses' is on a line of its own");
        }
    }

    @Test
    void ciRunsOnEveryPushAndPullRequestAndTheReleaseOnlyOnVersionTagsAfterIt() throws IOException {
        JsonNode ci = yaml(CI);
        JsonNode ciOn = on(ci);
        assertTrue(ciOn.has("push") && ciOn.has("pull_request") && ciOn.has("workflow_call"), ciOn.toString());
        assertEquals("**", ciOn.path("push").path("branches").path(0).asText());
        assertEquals(Set.of("jvm", "native"), names(ci.path("jobs")));
        assertTrue(runs(ci.path("jobs").path("jvm")).contains("./mvnw -B -ntp verify"));
        String nativeJob = runs(ci.path("jobs").path("native"));
        assertTrue(nativeJob.contains("./mvnw -B -ntp verify -Dnative -DskipUnitTests"), nativeJob);
        assertTrue(nativeJob.contains("bin/release dry-run target/votes-*-runner"), nativeJob);

        JsonNode release = yaml(RELEASE);
        JsonNode releaseOn = on(release);
        assertEquals(Set.of("push"), names(releaseOn));
        assertEquals("[\"v*\"]", releaseOn.path("push").path("tags").toString());
        assertFalse(releaseOn.path("push").has("branches"));
        JsonNode jobs = release.path("jobs");
        assertEquals(List.of("check", "tests", "build", "release"), List.copyOf(names(jobs)));
        assertTrue(runs(jobs.path("check")).contains("bin/release check-tag \"$GITHUB_REF_NAME\""));
        assertEquals("./.github/workflows/ci.yml", jobs.path("tests").path("uses").asText());
        assertEquals("check", jobs.path("tests").path("needs").asText());
        assertEquals("tests", jobs.path("build").path("needs").asText());
        assertEquals("build", jobs.path("release").path("needs").asText());
        // Only the job that publishes may write, and it gets the token through JReleaser's variable.
        assertEquals("read", release.path("permissions").path("contents").asText());
        assertEquals("write", jobs.path("release").path("permissions").path("contents").asText());
        jobs.fieldNames().forEachRemaining(job -> assertEquals(job.equals("release"),
                jobs.path(job).path("permissions").path("contents").asText().equals("write"), job));
        JsonNode publish = step(jobs.path("release"), "bin/release publish");
        assertEquals("${{ secrets.GITHUB_TOKEN }}", publish.path("env").path("JRELEASER_GITHUB_TOKEN").asText());
        JsonNode download = stepUsing(jobs.path("release"), "actions/download-artifact@");
        assertEquals("target/jreleaser/assemble/votes/archive", download.path("with").path("path").asText());
        assertEquals("archive-*", download.path("with").path("pattern").asText());
        assertEquals(0, stepUsing(jobs.path("release"), "actions/checkout@").path("with").path("fetch-depth").asInt(1));
    }

    @Test
    void theReleasePlatformsAreTheSameInTheWorkflowJReleaserAndThePom() throws Exception {
        JsonNode build = yaml(RELEASE).path("jobs").path("build");
        Map<String, String> workflow = new LinkedHashMap<>();
        build.path("strategy").path("matrix").path("include").forEach(row -> {
            String name = row.path("name").asText();
            workflow.put(name, row.path("duckdb").asText());
            String runner = row.path("runner").asText();
            // Each binary is built on its own platform: an x86-64 or arm64 Linux runner, an Apple silicon Mac.
            switch (name) {
                case "linux-x86_64" -> assertTrue(runner.matches("ubuntu-\\d\\d\\.04"), runner);
                case "linux-aarch64" -> assertTrue(runner.matches("ubuntu-\\d\\d\\.04-arm"), runner);
                case "macos-arm64" -> assertTrue(runner.matches("macos-(1[4-9]|[2-9]\\d)"), runner);
                default -> throw new AssertionError("an unknown platform in the workflow: " + name);
            }
        });
        assertEquals("${{ matrix.runner }}", build.path("runs-on").asText());
        assertTrue(runs(build).contains("./mvnw -B -ntp package -Dnative -DskipTests -Dduckdb.platform=${{ matrix.duckdb }}"),
                runs(build));
        assertTrue(runs(build).contains("bin/release archive ${{ matrix.name }} target/votes-*-runner"), runs(build));
        assertEquals("archive-${{ matrix.name }}",
                stepUsing(build, "actions/upload-artifact@").path("with").path("name").asText());

        Map<String, String> jreleaser = new LinkedHashMap<>();
        Map<String, String> jreleaserPlatforms = new LinkedHashMap<>();
        yaml(JRELEASER).path("matrix").path("rows").forEach(row -> {
            jreleaser.put(row.path("name").asText(), row.path("duckdb").asText());
            jreleaserPlatforms.put(row.path("name").asText(), row.path("platform").asText());
        });

        Map<String, String> expected = new LinkedHashMap<>();
        Map<String, String> expectedPlatforms = new LinkedHashMap<>();
        for (String name : List.of("linux-x86_64", "linux-aarch64", "macos-arm64")) {
            expected.put(name, PLATFORMS.get(name).get(0));
            expectedPlatforms.put(name, PLATFORMS.get(name).get(1));
        }
        assertEquals(expected, workflow);
        assertEquals(expected, jreleaser);
        assertEquals(expectedPlatforms, jreleaserPlatforms);

        // The POM takes -Dduckdb.platform (auto by default) and hands it to the packing step of the native build.
        Document pom = pom();
        assertEquals("auto", property(pom, "duckdb.platform"));
        assertTrue(Files.readString(Path.of("pom.xml")).contains("<argument>${duckdb.platform}</argument>"));
        for (String duckdb : expected.values()) {
            assertTrue(Files.readString(Path.of("pom.xml")).contains(duckdb), "the POM's comment lists " + duckdb);
        }
    }

    @Test
    void theArchiveHoldsTheBinaryItsCompletionTheLicenceAndTheReadmeAndTheReleaseHasChecksumsAndAnSbom()
            throws Exception {
        JsonNode config = yaml(JRELEASER);
        JsonNode archive = config.path("assemble").path("archive").path("votes");
        assertEquals("ALWAYS", archive.path("active").asText());
        assertEquals("BINARY", archive.path("distributionType").asText());
        assertEquals("{{projectName}}-{{projectVersion}}-{{matrix.name}}", archive.path("archiveName").asText());
        assertEquals("[\"TAR_GZ\"]", archive.path("formats").toString());
        Set<String> files = new TreeSet<>();
        archive.path("fileSets").forEach(set -> {
            String output = set.path("output").asText("");
            set.path("includes").forEach(include -> files.add((output.isEmpty() ? "" : output + "/") + include.asText()));
            assertTrue(set.path("failOnMissingInput").asBoolean(), set.toString());
            if (!output.isEmpty()) {
                assertEquals("target/release/{{matrix.name}}/" + output, set.path("input").asText());
            }
        });
        assertEquals(new TreeSet<>(List.of("bin/votes", "completion/votes.bash", "LICENSE", "NOTICE", "README.md",
                "CHANGELOG.md")), files);

        assertEquals("[\"SHA_256\"]", config.path("checksum").path("algorithms").toString());
        assertTrue(config.path("checksum").path("files").asBoolean());
        // The SBOM JReleaser publishes is the file the POM's CycloneDX plugin writes.
        assertEquals("target/{{projectName}}-{{projectVersion}}-sbom.cdx.json",
                config.path("files").path("artifacts").path(0).path("path").asText());
        Element cyclonedx = plugin(pom(), "cyclonedx-maven-plugin");
        assertEquals("${project.artifactId}-${project.version}-sbom.cdx", text(cyclonedx, "outputName"));
        assertEquals("json", text(cyclonedx, "outputFormat"));
        assertEquals("false", text(cyclonedx, "includeTestScope"));
        assertEquals("${project.basedir}/jreleaser.yml", text(plugin(pom(), "jreleaser-maven-plugin"), "configFile"));

        JsonNode github = config.path("release").path("github");
        assertTrue(github.path("skipTag").asBoolean(), "the tag exists: the workflow runs on it");
        assertEquals("target/release/notes.md", github.path("changelog").path("external").asText());
    }

    @Test
    void theCodeIsApacheLicensedAndNoticeCarriesTheDatasetsAttribution() throws Exception {
        // LICENSE is, byte for byte, the Apache License 2.0 as the ASF publishes it (LICENSE-2.0.txt).
        byte[] licence = Files.readAllBytes(Path.of("LICENSE"));
        assertEquals("cfc7749b96f63bd31c3c42b5c471bf756814053e847c10f3eb003417bc523d30",
                HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(licence)));
        Element licences = (Element) pom().getDocumentElement().getElementsByTagName("licenses").item(0);
        assertEquals("Apache-2.0", text(licences, "name"));

        String notice = Files.readString(Path.of("NOTICE"));
        for (String expected : List.of("Apache License, Version 2.0", "Stack Exchange", "CC BY-SA 4.0",
                "https://creativecommons.org/licenses/by-sa/4.0/", "DuckDB", "MIT", "votes-VERSION-sbom.cdx.json")) {
            assertTrue(notice.contains(expected), "NOTICE names " + expected);
        }
        assertTrue(Files.readString(Path.of("data/README.md")).contains("CC BY-SA 4.0"));
    }

    @Test
    void theChangelogKeepsAChangelogWithAnUnreleasedSectionAndOneForAReleasedVersion() throws Exception {
        List<String> lines = Files.readAllLines(Path.of("CHANGELOG.md"), StandardCharsets.UTF_8);
        assertEquals("# Changelog", lines.get(0));
        assertTrue(String.join("\n", lines).contains("[Keep a Changelog](https://keepachangelog.com/en/1.1.0/)"));
        Pattern version = Pattern.compile("## \\[(Unreleased|\\d+\\.\\d+\\.\\d+)](?: - (\\d{4}-\\d{2}-\\d{2}))?");
        Set<String> kinds = Set.of("Added", "Changed", "Deprecated", "Removed", "Fixed", "Security");
        Map<String, Integer> items = new LinkedHashMap<>();
        String section = null;
        String kind = null;
        for (String line : lines) {
            if (line.startsWith("## ")) {
                Matcher heading = version.matcher(line);
                assertTrue(heading.matches(), "a version heading is '## [Unreleased]' or '## [X.Y.Z] - YYYY-MM-DD': " + line);
                section = heading.group(1);
                assertEquals(section.equals("Unreleased"), heading.group(2) == null, line);
                assertFalse(items.containsKey(section), "two sections for " + section);
                items.put(section, 0);
                kind = null;
            } else if (line.startsWith("### ")) {
                assertTrue(section != null && kinds.contains(line.substring(4)), "a change kind of Keep a Changelog: " + line);
                kind = line.substring(4);
            } else if (line.startsWith("- ")) {
                assertTrue(kind != null, "an entry under a '### Added' (...) heading: " + line);
                items.merge(section, 1, Integer::sum);
            }
        }
        assertEquals("Unreleased", items.keySet().iterator().next(), "[Unreleased] comes first");
        // [Unreleased] is empty right after a release; a release's section lists what changed.
        items.forEach((name, count) -> assertTrue(name.equals("Unreleased") || count > 0, name + " lists no change"));
        String pomVersion = pom().getDocumentElement().getElementsByTagName("version").item(0).getTextContent();
        if (!pomVersion.endsWith("-SNAPSHOT")) {
            assertTrue(items.containsKey(pomVersion), "CHANGELOG.md has no section for the POM's release version "
                    + pomVersion);
        }
    }

    private static JsonNode on(JsonNode workflow) {
        // YAML 1.1 readers may take the key 'on' for true; GitHub reads it as 'on'.
        return workflow.has("on") ? workflow.path("on") : workflow.path("true");
    }

    private static Set<String> names(JsonNode object) {
        Set<String> names = new LinkedHashSet<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static String runs(JsonNode job) {
        StringBuilder all = new StringBuilder();
        job.path("steps").forEach(step -> all.append(step.path("run").asText("")).append('\n'));
        return all.toString();
    }

    private static JsonNode step(JsonNode job, String command) {
        for (JsonNode step : job.path("steps")) {
            if (step.path("run").asText("").contains(command)) {
                return step;
            }
        }
        throw new AssertionError("no step runs " + command);
    }

    private static JsonNode stepUsing(JsonNode job, String action) {
        for (JsonNode step : job.path("steps")) {
            if (step.path("uses").asText("").startsWith(action)) {
                return step;
            }
        }
        throw new AssertionError("no step uses " + action);
    }

    private static Document pom() throws Exception {
        return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(Path.of("pom.xml").toFile());
    }

    private static String property(Document pom, String name) {
        Element properties = (Element) pom.getDocumentElement().getElementsByTagName("properties").item(0);
        return text(properties, name);
    }

    private static Element plugin(Document pom, String artifactId) {
        var plugins = pom.getElementsByTagName("plugin");
        for (int i = 0; i < plugins.getLength(); i++) {
            Element plugin = (Element) plugins.item(i);
            if (artifactId.equals(text(plugin, "artifactId"))) {
                return plugin;
            }
        }
        throw new AssertionError("the POM has no plugin " + artifactId);
    }

    private static String text(Element parent, String tag) {
        Node node = parent.getElementsByTagName(tag).item(0);
        return node == null ? null : node.getTextContent().strip();
    }
}
