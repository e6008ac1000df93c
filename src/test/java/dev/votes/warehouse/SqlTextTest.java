package dev.votes.warehouse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** The hand-made binder of statement files: {@code :name} to {@code $n}, fragments included, the rest left alone. */
class SqlTextTest {

    private static SqlText parse(String text) {
        return parse(Map.of("test/statement", text));
    }

    private static SqlText parse(Map<String, String> files) {
        return SqlText.parse("test/statement", name -> {
            String text = files.get(name);
            if (text == null) {
                throw new IllegalStateException("missing SQL resource /sql/" + name + ".sql");
            }
            return text;
        });
    }

    @Test
    void namedParametersAreNumberedByFirstUseAndANameUsedTwiceIsOneParameter() {
        SqlText text = parse("SELECT count(*) FROM t WHERE :run_id IS NULL OR run_id = :run_id LIMIT :limit");

        assertEquals("SELECT count(*) FROM t WHERE $1 IS NULL OR run_id = $1 LIMIT $2", text.jdbc());
        assertEquals(List.of("run_id", "limit"), text.parameters());
    }

    @Test
    void castsAssignmentsLiteralsIdentifiersAndCommentsAreNotParameters() {
        String sql = """
                -- a comment with :not_a_parameter, a ? and a $1
                /* a block /* nested */ comment :neither ? */
                SELECT x::INTEGER, f(a := 1), '%H:%M:%S', 'it''s :no', E'\\x01:no\\'still', "col:name", $tag$ :no ? $tag$,
                       {'raw': 'VARCHAR'}, :yes
                """;

        SqlText text = parse(sql);

        assertEquals(sql.replace(":yes", "$1"), text.jdbc());
        assertEquals(List.of("yes"), text.parameters());
    }

    @Test
    void positionalParametersAreRefusedNamingTheFileAndLine() {
        IllegalStateException question = assertThrows(IllegalStateException.class,
                () -> parse("SELECT 1\nWHERE a = ?"));
        IllegalStateException dollar = assertThrows(IllegalStateException.class,
                () -> parse("SELECT 1\n\nWHERE a = $1"));

        assertEquals("sql/test/statement.sql line 2: a positional parameter ? (statement files name their parameters:"
                + " :name)", question.getMessage());
        assertTrue(dollar.getMessage().startsWith("sql/test/statement.sql line 3: a positional parameter $1"),
                dollar::getMessage);
    }

    @Test
    void unclosedLiteralsAndCommentsAreRefused() {
        assertThrows(IllegalStateException.class, () -> parse("SELECT 'open"));
        assertThrows(IllegalStateException.class, () -> parse("SELECT \"open"));
        assertThrows(IllegalStateException.class, () -> parse("SELECT 1 /* open"));
    }

    @Test
    void fragmentsAreIncludedWithTheirParametersAndWithoutTrailingWhiteSpace() {
        SqlText text = parse(Map.of(
                "test/statement", "SELECT * FROM (\n{include test/inner}\n) WHERE b = :b AND a = :a",
                "test/inner", "-- the inner query\nSELECT :a AS a, {include other/keys} FROM t\n\n",
                "other/keys", "x AS b\n"));

        assertEquals("SELECT * FROM (\n-- the inner query\nSELECT $1 AS a, x AS b FROM t\n) WHERE b = $2 AND a = $1",
                text.jdbc());
        assertEquals(List.of("a", "b"), text.parameters());
        assertEquals(List.of("test/inner", "other/keys"), text.includes());
    }

    @Test
    void aFragmentThatIncludesItselfOrIsMissingIsRefused() {
        IllegalStateException cycle = assertThrows(IllegalStateException.class, () -> parse(Map.of(
                "test/statement", "{include test/a}",
                "test/a", "SELECT * FROM ({include test/b})",
                "test/b", "{include test/a}")));
        assertEquals("sql/test/b.sql includes test/a, which includes it again", cycle.getMessage());

        assertThrows(IllegalStateException.class, () -> parse("SELECT {include test/missing}"));
        assertThrows(IllegalStateException.class, () -> parse("SELECT {include missing}"));
    }

    @Test
    void theBoundTextRunsInDuckDbWithEachNameBoundOnce() throws Exception {
        SqlText text = parse("SELECT :a + :a AS twice, :b::VARCHAR || ':x' AS text, '::' AS cast, :a IS NULL AS none");

        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:");
             PreparedStatement statement = connection.prepareStatement(text.jdbc())) {
            statement.setObject(text.parameters().indexOf("a") + 1, 21);
            statement.setObject(text.parameters().indexOf("b") + 1, 7);
            try (ResultSet result = statement.executeQuery()) {
                result.next();
                assertEquals(42, result.getInt("twice"));
                assertEquals("7:x", result.getString("text"));
                assertEquals("::", result.getString("cast"));
                assertEquals(false, result.getBoolean("none"));
            }
        }
    }
}
