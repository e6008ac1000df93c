package dev.votes.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import picocli.CommandLine;

/**
 * The documentation as a web of pages: every relative link and {@code #anchor} in README.md, ARCHITECTURE.md,
 * PERFORMANCE.md and docs/**.md leads somewhere that exists, no page sends a reader outside the repository, and every
 * command of {@code votes --help} has its reference page, reached from the README and from ARCHITECTURE.md's index.
 */
class DocsLinksTest {

    private static final Path ROOT = Path.of("").toAbsolutePath().normalize();

    /** {@code [text](target)} and {@code ![alt](target)}; the target ends at white space or the closing bracket. */
    private static final Pattern LINK = Pattern.compile("!?\\[(?:[^\\]\\[]|\\[[^\\]]*\\])*\\]\\(([^)\\s]+)(?:\\s+\"[^\"]*\")?\\)");
    private static final Pattern HEADING = Pattern.compile("^(#{1,6})\\s+(.*?)\\s*#*\\s*$");

    @Test
    void everyRelativeLinkAndAnchorResolves() throws IOException {
        List<String> broken = new ArrayList<>();
        Map<Path, Set<String>> anchors = new HashMap<>();
        for (Path page : pages()) {
            for (String target : links(Files.readString(page))) {
                if (target.matches("^[a-zA-Z][a-zA-Z0-9+.-]*:.*")) {
                    continue; // https:, mailto: and the like: not ours to check offline
                }
                int hash = target.indexOf('#');
                String file = hash < 0 ? target : target.substring(0, hash);
                String anchor = hash < 0 ? null : target.substring(hash + 1);
                Path resolved = file.isEmpty() ? page : page.getParent().resolve(file).normalize();
                String where = ROOT.relativize(page) + ": (" + target + ")";
                if (!resolved.startsWith(ROOT)) {
                    broken.add(where + " leads outside the repository");
                } else if (!Files.exists(resolved)) {
                    broken.add(where + ": no such file " + ROOT.relativize(resolved));
                } else if (anchor != null && !anchor.isEmpty()) {
                    if (!resolved.toString().endsWith(".md")) {
                        broken.add(where + ": an anchor into a file that is not Markdown");
                    } else if (!anchors.computeIfAbsent(resolved, DocsLinksTest::anchorsOf).contains(anchor)) {
                        broken.add(where + ": " + ROOT.relativize(resolved) + " has no heading #" + anchor);
                    }
                }
            }
        }
        assertEquals(List.of(), broken, "broken links");
    }

    @Test
    void noPageNamesAPathOutsideTheRepository() throws IOException {
        List<String> found = new ArrayList<>();
        for (Path page : pages()) {
            String text = Files.readString(page);
            for (String outside : List.of("../shared", "development machine")) {
                if (text.contains(outside)) {
                    found.add(ROOT.relativize(page) + " names " + outside);
                }
            }
        }
        assertEquals(List.of(), found);
    }

    @Test
    void everyCommandHasAPageReachedFromTheReadmeAndTheArchitectureIndex() throws IOException {
        String readme = Files.readString(ROOT.resolve("README.md"));
        String architecture = Files.readString(ROOT.resolve("ARCHITECTURE.md"));
        String commandsIndex = Files.readString(ROOT.resolve("docs/commands/README.md"));
        Set<String> names = new TreeSet<>(new CommandLine(VotesCommand.class, new PlainCommandFactory())
                .getSubcommands().keySet());
        names.remove("help"); // picocli's own: `votes help COMMAND` is described with the options every command takes
        assertTrue(names.size() >= 12, names::toString);
        for (String name : names) {
            Path page = ROOT.resolve("docs/commands/" + name + ".md");
            assertTrue(Files.isRegularFile(page), "docs/commands/" + name + ".md, the page of votes " + name);
            assertTrue(Files.readString(page).startsWith("# `votes " + name), page + " starts with its command");
            assertTrue(readme.contains("](docs/commands/" + name + ".md"), "README links votes " + name + "'s page");
            assertTrue(commandsIndex.contains("](" + name + ".md"), "docs/commands/README.md links " + name + ".md");
            assertTrue(architecture.contains("](docs/commands/" + name + ".md"),
                    "ARCHITECTURE.md's index links votes " + name + "'s page");
        }
    }

    @Test
    void anchorsAreMadeAsGitHubMakesThem() {
        assertEquals(List.of("votes-ingest-filedirglob", "where-duckdbs-library-goes", "a-b", "a-b-1", "exit-codes"),
                List.copyOf(anchorsOf(List.of("# `votes ingest [FILE|DIR|GLOB...]`", "## Where DuckDB's library goes",
                        "## A, b", "```", "# not a heading", "```", "### A b", "## Exit codes"))));
    }

    /** The pages checked: the top-level guides and every Markdown file under docs/. */
    private static List<Path> pages() throws IOException {
        List<Path> pages = new ArrayList<>();
        for (String top : List.of("README.md", "ARCHITECTURE.md", "PERFORMANCE.md")) {
            pages.add(ROOT.resolve(top));
        }
        try (Stream<Path> docs = Files.walk(ROOT.resolve("docs"))) {
            docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(pages::add);
        }
        assertTrue(pages.size() > 10, pages::toString);
        return pages;
    }

    /** The link targets of a page, outside fenced code blocks and inline code. */
    static List<String> links(String markdown) {
        List<String> targets = new ArrayList<>();
        boolean fence = false;
        for (String line : markdown.split("\n", -1)) {
            if (line.stripLeading().startsWith("```")) {
                fence = !fence;
                continue;
            }
            if (fence) {
                continue;
            }
            Matcher link = LINK.matcher(line.replaceAll("`[^`]*`", "``"));
            while (link.find()) {
                targets.add(link.group(1));
            }
        }
        return targets;
    }

    private static Set<String> anchorsOf(Path page) {
        try {
            return anchorsOf(List.of(Files.readString(page).split("\n", -1)));
        } catch (IOException e) {
            throw new RuntimeException(e);
        }
    }

    /**
     * GitHub's anchors: a heading's text lower-cased, without Markdown's code and link marks and without punctuation
     * other than {@code -} and {@code _}, spaces turned into {@code -}; a repeated anchor gets {@code -1}, {@code -2}.
     */
    static Set<String> anchorsOf(List<String> lines) {
        Set<String> anchors = new LinkedHashSet<>();
        Map<String, Integer> seen = new HashMap<>();
        boolean fence = false;
        for (String line : lines) {
            if (line.stripLeading().startsWith("```")) {
                fence = !fence;
                continue;
            }
            Matcher heading = HEADING.matcher(line);
            if (fence || !heading.matches()) {
                continue;
            }
            String text = heading.group(2).replaceAll("\\[([^\\]]*)\\]\\([^)]*\\)", "$1");
            String slug = text.toLowerCase().replaceAll("[^\\p{L}\\p{N}\\s_-]", "").replace(' ', '-');
            int count = seen.merge(slug, 1, Integer::sum);
            anchors.add(count == 1 ? slug : slug + "-" + (count - 1));
        }
        return anchors;
    }
}
