package dev.votes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The package structure ARCHITECTURE.md describes ("Packages", "Errors and exit codes"), read from the sources under
 * {@code src/main/java}: their imports and qualified names, comments and string literals left out. The packages form
 * no cycle; exit codes are chosen only at the CLI's and serve's edges; picocli is used only by the CLI and the settings;
 * HTTP (JAX-RS) only by serve; the failure types depend on nothing.
 */
class PackageStructureTest {

    private static final Path SOURCES = Path.of("src/main/java");
    private static final Pattern PACKAGE = Pattern.compile("^package\\s+([\\w.]+)\\s*;", Pattern.MULTILINE);
    /** A reference to one of the tool's classes by its qualified name (imports included): its package is group 1. */
    private static final Pattern QUALIFIED = Pattern.compile("\\b(dev\\.votes(?:\\.[a-z][a-z0-9_]*)*)\\.[A-Z]");

    /** Each source file's package and its code without comments and literals. */
    private static final Map<Path, Source> FILES = new TreeMap<>();

    record Source(String packageName, String code) {
    }

    @BeforeAll
    static void read() throws IOException {
        try (Stream<Path> files = Files.walk(SOURCES)) {
            files.filter(file -> file.toString().endsWith(".java")).forEach(file -> {
                try {
                    String text = Files.readString(file);
                    Matcher name = PACKAGE.matcher(text);
                    assertTrue(name.find(), file + " has no package declaration");
                    FILES.put(file, new Source(name.group(1), code(text)));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
        assertTrue(FILES.size() > 50, "found only " + FILES.size() + " source files under " + SOURCES.toAbsolutePath());
    }

    @Test
    void packagesFormNoCycle() {
        Map<String, Set<String>> graph = dependencies();
        assertTrue(graph.getOrDefault("dev.votes.cli", Set.of()).contains("dev.votes.common"),
                "the reader finds the CLI's use of common: " + graph);
        List<Set<String>> cycles = stronglyConnected(graph).stream().filter(component -> component.size() > 1).toList();
        assertEquals(List.of(), cycles.stream().map(cycle -> cycle + " through " + edgesWithin(graph, cycle)).toList(),
                "packages that depend on each other");
    }

    @Test
    void exitCodesAreChosenOnlyAtTheEdges() {
        assertUsedOnlyIn(Pattern.compile("\\bExitCodes\\b"), PackageStructureTest::edge, "ExitCodes");
        assertUsedOnlyIn(Pattern.compile("\\bSystem\\.exit\\s*\\(|\\basyncExit\\s*\\("), PackageStructureTest::edge,
                "System.exit / Quarkus.asyncExit");
    }

    @Test
    void picocliOnlyInTheCliAndTheSettings() {
        assertUsedOnlyIn(Pattern.compile("\\bpicocli\\.|\\bpicocli\\b"),
                name -> name.startsWith("dev.votes.cli") || name.equals("dev.votes.config"), "picocli");
    }

    @Test
    void httpStatusesOnlyInServe() {
        assertUsedOnlyIn(Pattern.compile("\\bjakarta\\.ws\\.rs\\b|\\borg\\.jboss\\.resteasy\\b|\\bResponse\\.Status\\b"),
                name -> name.equals("dev.votes.serve"), "JAX-RS responses and statuses");
    }

    @Test
    void failureTypesDependOnNothing() {
        Set<String> used = dependencies().getOrDefault("dev.votes.failure", Set.of());
        assertEquals(Set.of(), used, "dev.votes.failure uses other packages of the tool");
        FILES.forEach((file, source) -> {
            if (source.packageName().equals("dev.votes.failure")) {
                assertTrue(!source.code().contains("picocli") && !source.code().contains("jakarta"),
                        file + " knows of picocli or JAX-RS");
            }
        });
    }

    /** The CLI (with its exit codes) and serve. */
    private static boolean edge(String packageName) {
        return packageName.startsWith("dev.votes.cli") || packageName.equals("dev.votes.serve");
    }

    private static void assertUsedOnlyIn(Pattern use, Predicate<String> allowed, String what) {
        List<String> offenders = new ArrayList<>();
        FILES.forEach((file, source) -> {
            if (!allowed.test(source.packageName()) && use.matcher(source.code()).find()) {
                offenders.add(file.toString());
            }
        });
        assertEquals(List.of(), offenders, what + " used outside the packages allowed to");
    }

    /** Package to the other packages of the tool its sources name. */
    private static Map<String, Set<String>> dependencies() {
        Map<String, Set<String>> graph = new TreeMap<>();
        FILES.values().forEach(source -> {
            Set<String> used = graph.computeIfAbsent(source.packageName(), ignored -> new TreeSet<>());
            Matcher reference = QUALIFIED.matcher(source.code());
            while (reference.find()) {
                if (!reference.group(1).equals(source.packageName())) {
                    used.add(reference.group(1));
                }
            }
        });
        return graph;
    }

    private static Map<String, Set<String>> edgesWithin(Map<String, Set<String>> graph, Set<String> component) {
        Map<String, Set<String>> edges = new TreeMap<>();
        component.forEach(from -> edges.put(from, new TreeSet<>(graph.getOrDefault(from, Set.of()).stream()
                .filter(component::contains).toList())));
        return edges;
    }

    /** Tarjan's strongly connected components. */
    private static List<Set<String>> stronglyConnected(Map<String, Set<String>> graph) {
        Map<String, Integer> index = new HashMap<>();
        Map<String, Integer> low = new HashMap<>();
        Deque<String> stack = new ArrayDeque<>();
        Set<String> onStack = new TreeSet<>();
        List<Set<String>> components = new ArrayList<>();
        int[] counter = {0};
        for (String node : graph.keySet()) {
            if (!index.containsKey(node)) {
                connect(node, graph, index, low, stack, onStack, components, counter);
            }
        }
        return components;
    }

    private static void connect(String node, Map<String, Set<String>> graph, Map<String, Integer> index,
            Map<String, Integer> low, Deque<String> stack, Set<String> onStack, List<Set<String>> components,
            int[] counter) {
        index.put(node, counter[0]);
        low.put(node, counter[0]);
        counter[0]++;
        stack.push(node);
        onStack.add(node);
        for (String next : graph.getOrDefault(node, Set.of())) {
            if (!index.containsKey(next)) {
                connect(next, graph, index, low, stack, onStack, components, counter);
                low.put(node, Math.min(low.get(node), low.get(next)));
            } else if (onStack.contains(next)) {
                low.put(node, Math.min(low.get(node), index.get(next)));
            }
        }
        if (low.get(node).equals(index.get(node))) {
            Set<String> component = new TreeSet<>();
            String member;
            do {
                member = stack.pop();
                onStack.remove(member);
                component.add(member);
            } while (!member.equals(node));
            components.add(component);
        }
    }

    /** The code of a source file: comments, string and character literals (text blocks too) become blanks. */
    static String code(String text) {
        StringBuilder code = new StringBuilder(text.length());
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (text.startsWith("//", i)) {
                int end = text.indexOf('\n', i);
                i = end < 0 ? text.length() : end;
            } else if (text.startsWith("/*", i)) {
                int end = text.indexOf("*/", i + 2);
                i = end < 0 ? text.length() : end + 2;
                code.append(' ');
            } else if (text.startsWith("\"\"\"", i)) {
                int end = text.indexOf("\"\"\"", i + 3);
                while (end > 0 && text.charAt(end - 1) == '\\') {
                    end = text.indexOf("\"\"\"", end + 1);
                }
                i = end < 0 ? text.length() : end + 3;
                code.append("\"\"");
            } else if (c == '"' || c == '\'') {
                int j = i + 1;
                while (j < text.length() && text.charAt(j) != c) {
                    j += text.charAt(j) == '\\' ? 2 : 1;
                }
                i = j + 1;
                code.append(c).append(c);
            } else {
                code.append(c);
                i++;
            }
        }
        return code.toString();
    }

    @Test
    void theReaderLeavesOutCommentsAndLiterals() {
        String code = code("""
                import dev.votes.common.Table; // dev.votes.cli.Commented
                /* dev.votes.cli.Block */ String s = "dev.votes.cli.Quoted \\" still"; char c = '"';
                String t = \"""
                    dev.votes.cli.InATextBlock
                    \""";
                dev.votes.warehouse.Warehouse w;
                """);
        Matcher reference = QUALIFIED.matcher(code);
        List<String> found = new ArrayList<>();
        while (reference.find()) {
            found.add(reference.group(1));
        }
        assertEquals(List.of("dev.votes.common", "dev.votes.warehouse"), found, code);
    }
}
