import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Properties;

/**
 * The benchmark's baseline: DuckDB with no framework. Runs the statements of a SQL file (separated by a line holding
 * only ";") in one connection to the database file, binding the remaining arguments as $1, $2, ... wherever a statement
 * uses them, and prints the rows of the last statement when it returns any. No Quarkus, no picocli, no validation layer:
 * only what DuckDB itself costs, plus a JVM or nothing else.
 *
 * <p>With the environment variable {@code BARE_TIMING} set, each statement's time goes to stderr. With {@code
 * BARE_MEMORY_LIMIT} set (e.g. {@code 768MB}), DuckDB's {@code memory_limit} is that, as the tool sets its own; unset,
 * it is DuckDB's default (80 % of the RAM).
 *
 * <p>Usage: {@code java -cp duckdb_jdbc.jar:bench/bare/classes BareJdbc DB SQLFILE [ARG...]}
 */
public final class BareJdbc {

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: BareJdbc DB SQLFILE [ARG...]");
            System.exit(2);
        }
        String[] statements = Files.readString(Path.of(args[1])).split("(?m)^;\\s*$");
        Class.forName("org.duckdb.DuckDBDriver");
        Properties properties = new Properties();
        String memoryLimit = System.getenv("BARE_MEMORY_LIMIT");
        if (memoryLimit != null && !memoryLimit.isBlank()) {
            properties.setProperty("memory_limit", memoryLimit);
        }
        boolean timing = System.getenv("BARE_TIMING") != null;
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:" + args[0], properties)) {
            for (String statement : statements) {
                String sql = statement.strip();
                if (sql.isEmpty() || sql.lines().allMatch(line -> line.isBlank() || line.strip().startsWith("--"))) {
                    continue;
                }
                long started = System.nanoTime();
                try (PreparedStatement prepared = connection.prepareStatement(sql)) {
                    int parameters = prepared.getParameterMetaData().getParameterCount();
                    for (int i = 1; i <= parameters; i++) {
                        prepared.setString(i, args[1 + i]);
                    }
                    if (prepared.execute()) {
                        try (ResultSet rows = prepared.getResultSet()) {
                            int columns = rows.getMetaData().getColumnCount();
                            while (rows.next()) {
                                StringBuilder line = new StringBuilder();
                                for (int c = 1; c <= columns; c++) {
                                    line.append(c > 1 ? "\t" : "").append(rows.getString(c));
                                }
                                System.out.println(line);
                            }
                        }
                    }
                }
                if (timing) {
                    System.err.printf("%8.3f s  %s%n", (System.nanoTime() - started) / 1e9,
                            sql.lines().filter(line -> !line.strip().startsWith("--")).findFirst().orElse(""));
                }
            }
        }
    }
}
