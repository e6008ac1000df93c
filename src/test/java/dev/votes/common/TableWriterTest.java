package dev.votes.common;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

/** The aligned text table: columns line up, and no line ends in padding. */
class TableWriterTest {

    @Test
    void textTableLinesEndWithoutPadding() {
        Table table = new Table(List.of("name", "count", "note"), List.of(
                Arrays.asList("a", 1L, "short"),
                Arrays.asList("longer name", 22L, null),
                Arrays.asList("b", 333L, "a longer note")));
        StringWriter text = new StringWriter();

        TableWriter.write(table, OutputFormat.table, new PrintWriter(text));

        assertEquals(List.of(
                "name         count  note",
                "-----------  -----  -------------",
                "a                1  short",
                "longer name     22",
                "b              333  a longer note",
                "(3 rows)"), text.toString().lines().toList());
    }
}
