package dev.votes.common;

import java.sql.Array;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A small result to print: column names and rows of plain values (numbers, strings, nulls). */
public record Table(List<String> columns, List<List<Object>> rows) {

    /** The rows as objects keyed by column name, for JSON. */
    public List<Map<String, Object>> rowsAsObjects() {
        List<Map<String, Object>> objects = new ArrayList<>(rows.size());
        for (List<Object> row : rows) {
            Map<String, Object> object = new LinkedHashMap<>();
            for (int i = 0; i < columns.size(); i++) {
                object.put(columns.get(i), row.get(i));
            }
            objects.add(object);
        }
        return objects;
    }

    /** The table with SQL arrays (DuckDB lists) turned into lists of plain values; call while the connection is open. */
    public Table withPlainLists() throws SQLException {
        List<List<Object>> plainRows = new ArrayList<>(rows.size());
        for (List<Object> row : rows) {
            List<Object> plain = new ArrayList<>(row.size());
            for (Object value : row) {
                plain.add(value instanceof Array array ? Arrays.asList((Object[]) array.getArray()) : value);
            }
            plainRows.add(plain);
        }
        return new Table(columns, plainRows);
    }
}
