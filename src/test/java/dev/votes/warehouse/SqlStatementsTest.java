package dev.votes.warehouse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The seam between Java and SQL, checked without running a statement: every statement file under {@code sql/} is
 * declared by a gateway (a class with {@link SqlStatement} constants) that uses it, or included by such a statement;
 * every parameter a file names is bound by its gateway, and every parameter the gateway binds is one the file names; a
 * gateway keeps its statements in one folder of its own.
 */
class SqlStatementsTest {

    /** A statement constant of a gateway: the class, the field that holds it, and the statement. */
    private record Declared(Class<?> gateway, String field, SqlStatement<?> statement) {
    }

    private static List<Declared> declared;
    private static Set<String> files;

    @BeforeAll
    static void findGatewaysAndFiles() throws Exception {
        declared = gatewayStatements();
        files = statementFiles();
    }

    @Test
    void thereAreGatewaysAndFiles() {
        Set<String> gateways = new TreeSet<>();
        declared.forEach(statement -> gateways.add(statement.gateway().getSimpleName()));
        assertEquals(Set.of("Catalog", "Checks", "Engine", "ExportCopies", "FileLedger", "OutlierWeeks", "Quarantine",
                "RunLedger", "Staging", "StagingArea", "StorageCopy", "WeeklyCounts"), gateways);
        assertTrue(files.size() > 80, files::toString);
    }

    @Test
    void everyStatementFileIsAGatewaysStatementOrIncludedByOne() {
        Set<String> used = new HashSet<>();
        for (Declared statement : declared) {
            used.add(statement.statement().name());
            used.addAll(parsed(statement.statement()).includes());
        }
        Set<String> unused = new TreeSet<>(files);
        unused.removeAll(used);
        assertEquals(Set.of(), unused, "statement files no gateway uses");
        Set<String> missing = new TreeSet<>(used);
        missing.removeAll(files);
        assertEquals(Set.of(), missing, "statements without a file");
    }

    @Test
    void everyParameterAFileNamesIsBoundAndEveryBoundParameterIsNamedByTheFile() {
        List<String> mismatches = new ArrayList<>();
        for (Declared statement : declared) {
            List<String> bound = statement.statement().parameterNames();
            Set<String> boundOnce = new TreeSet<>(bound);
            Set<String> named = new TreeSet<>(parsed(statement.statement()).parameters());
            if (!boundOnce.equals(named) || boundOnce.size() != bound.size()) {
                mismatches.add(statement.gateway().getSimpleName() + "." + statement.field() + ": "
                        + statement.statement() + " names " + named + ", the gateway binds " + bound);
            }
        }
        assertEquals(List.of(), mismatches);
    }

    @Test
    void eachGatewayKeepsItsStatementsInAFolderOfItsOwn() {
        Map<String, Set<String>> folders = new TreeMap<>();
        for (Declared statement : declared) {
            String folder = statement.statement().name().substring(0, statement.statement().name().indexOf('/'));
            folders.computeIfAbsent(folder, ignored -> new TreeSet<>()).add(statement.gateway().getName());
        }
        Map<String, Set<String>> shared = new TreeMap<>(folders);
        shared.values().removeIf(gateways -> gateways.size() == 1);
        assertEquals(Map.of(), shared, "folders of more than one gateway");
        Map<String, Set<String>> byGateway = new TreeMap<>();
        folders.forEach((folder, gateways) -> byGateway.computeIfAbsent(gateways.iterator().next(),
                ignored -> new TreeSet<>()).add(folder));
        byGateway.values().removeIf(gatewayFolders -> gatewayFolders.size() == 1);
        assertEquals(Map.of(), byGateway, "gateways with statements in several folders");
    }

    @Test
    void everyStatementConstantIsUsedByItsGatewaysCode() throws IOException {
        List<String> unused = new ArrayList<>();
        Map<Class<?>, String> sources = new LinkedHashMap<>();
        for (Declared statement : declared) {
            String source = sources.computeIfAbsent(statement.gateway(), SqlStatementsTest::source);
            Matcher uses = Pattern.compile("\\b" + Pattern.quote(statement.field()) + "\\b").matcher(source);
            long count = uses.results().count();
            if (count < 2) {
                unused.add(statement.gateway().getSimpleName() + "." + statement.field());
            }
        }
        assertEquals(List.of(), unused, "statement constants declared but not used");
    }

    @Test
    void everyStatementFileParses() {
        // Parsing refuses ? and $1, unclosed literals and comments, and includes of missing files (SqlTextTest).
        for (Declared statement : declared) {
            assertFalse(parsed(statement.statement()).jdbc().isBlank(), statement.statement()::toString);
        }
    }

    /** The file as parsed, whether or not its gateway's declaration agrees with it. */
    private static SqlText parsed(SqlStatement<?> statement) {
        return SqlText.parse(statement.name(), SqlStatement::load);
    }

    /** The gateways' statement constants: static fields holding a SqlStatement or a list of them, in the main classes. */
    private static List<Declared> gatewayStatements() throws Exception {
        Path classes = Path.of(SqlStatement.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        byte[] marker = "dev/votes/warehouse/SqlStatement".getBytes(StandardCharsets.UTF_8);
        List<Declared> found = new ArrayList<>();
        List<Path> classFiles;
        try (Stream<Path> walk = Files.walk(classes)) {
            classFiles = walk.filter(path -> path.toString().endsWith(".class")).sorted().toList();
        }
        for (Path classFile : classFiles) {
            byte[] bytes = Files.readAllBytes(classFile);
            if (!contains(bytes, marker)) {
                continue;
            }
            String name = classes.relativize(classFile).toString().replace('/', '.').replaceAll("\\.class$", "");
            Class<?> type = Class.forName(name, true, SqlStatementsTest.class.getClassLoader());
            if (type == SqlStatement.class) {
                continue;
            }
            for (Field field : type.getDeclaredFields()) {
                if (!Modifier.isStatic(field.getModifiers())) {
                    continue;
                }
                field.setAccessible(true);
                Object value = field.get(null);
                if (value instanceof SqlStatement<?> statement) {
                    found.add(new Declared(type, field.getName(), statement));
                } else if (value instanceof List<?> list && !list.isEmpty()
                        && list.stream().allMatch(SqlStatement.class::isInstance)) {
                    for (Object element : list) {
                        found.add(new Declared(type, field.getName(), (SqlStatement<?>) element));
                    }
                }
            }
        }
        return found;
    }

    /** The statement files under sql/, as {@code folder/name}. */
    private static Set<String> statementFiles() throws IOException, URISyntaxException {
        Path root = Path.of(SqlStatement.class.getResource("/sql").toURI());
        Set<String> names = new TreeSet<>();
        try (Stream<Path> walk = Files.walk(root)) {
            walk.filter(Files::isRegularFile).forEach(file -> {
                String relative = root.relativize(file).toString();
                assertTrue(relative.matches("[a-z0-9_]+/[a-z0-9_]+\\.sql"), "not sql/folder/name.sql: " + relative);
                names.add(relative.substring(0, relative.length() - ".sql".length()));
            });
        }
        return names;
    }

    /** The Java source of a main class (a nested class's is its outer class's file). */
    private static String source(Class<?> type) {
        Class<?> outer = type;
        while (outer.getEnclosingClass() != null) {
            outer = outer.getEnclosingClass();
        }
        Path file = Path.of("src/main/java", outer.getName().replace('.', '/') + ".java");
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the source of " + type.getName() + " at " + file, e);
        }
    }

    private static boolean contains(byte[] bytes, byte[] part) {
        outer:
        for (int i = 0; i <= bytes.length - part.length; i++) {
            for (int j = 0; j < part.length; j++) {
                if (bytes[i + j] != part[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
