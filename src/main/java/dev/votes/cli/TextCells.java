package dev.votes.cli;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.stream.Collectors;

import dev.votes.common.Table;

/** Presentation of the inspecting commands' cells in the flat formats; JSON keeps every value as it is. */
final class TextCells {

    private TextCells() {
    }

    /** The table with every list value joined by spaces, for the text, CSV and Markdown formats. */
    static Table joinLists(Table table) {
        return map(table, -1, value -> value instanceof Collection<?> list
                ? list.stream().map(String::valueOf).collect(Collectors.joining(" ")) : value);
    }

    /**
     * The table with one text column shortened to {@code width} characters ("..." marks a cut) and its control characters
     * (tabs, stray carriage returns) shown as spaces, so the aligned text table stays one line per row.
     */
    static Table shorten(Table table, String column, int width) {
        return map(table, table.columns().indexOf(column), value -> {
            if (!(value instanceof String text)) {
                return value;
            }
            String flat = text.replaceAll("\\p{Cntrl}", " ");
            return flat.length() <= width ? flat : flat.substring(0, width - 3) + "...";
        });
    }

    /** Applies {@code change} to one column's values, or to every value when {@code column} is -1. */
    private static Table map(Table table, int column, java.util.function.UnaryOperator<Object> change) {
        List<List<Object>> rows = new ArrayList<>(table.rows().size());
        for (List<Object> row : table.rows()) {
            List<Object> changed = new ArrayList<>(row);
            for (int i = 0; i < changed.size(); i++) {
                if (column == -1 || column == i) {
                    changed.set(i, change.apply(changed.get(i)));
                }
            }
            rows.add(changed);
        }
        return new Table(table.columns(), rows);
    }
}
