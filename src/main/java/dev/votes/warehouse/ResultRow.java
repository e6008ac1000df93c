package dev.votes.warehouse;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The current row of a query's result, read by column name (never by position), for a gateway's row mapper. A getter
 * of a primitive gives 0 or false for NULL, as JDBC does; the {@code nullable...} getters give null.
 */
public final class ResultRow {

    private final ResultSet result;

    ResultRow(ResultSet result) {
        this.result = result;
    }

    public long getLong(String column) throws SQLException {
        return result.getLong(column);
    }

    public Long nullableLong(String column) throws SQLException {
        long value = result.getLong(column);
        return result.wasNull() ? null : value;
    }

    public int getInt(String column) throws SQLException {
        return result.getInt(column);
    }

    public double getDouble(String column) throws SQLException {
        return result.getDouble(column);
    }

    public Double nullableDouble(String column) throws SQLException {
        double value = result.getDouble(column);
        return result.wasNull() ? null : value;
    }

    public boolean getBoolean(String column) throws SQLException {
        return result.getBoolean(column);
    }

    /** The value as text (a number as its digits); null for NULL. */
    public String getString(String column) throws SQLException {
        return result.getString(column);
    }

    /** A {@code VARCHAR[]} as a list of its texts; null for NULL. */
    public List<String> stringList(String column) throws SQLException {
        Array array = result.getArray(column);
        if (array == null) {
            return null;
        }
        List<String> texts = new ArrayList<>();
        for (Object value : (Object[]) array.getArray()) {
            texts.add(value == null ? null : value.toString());
        }
        return texts;
    }

    /** The one column of a one-column answer, as a number. */
    long onlyLong() throws SQLException {
        if (result.getMetaData().getColumnCount() != 1) {
            throw new SQLException("expected one column, got " + result.getMetaData().getColumnCount());
        }
        return result.getLong(1);
    }
}
