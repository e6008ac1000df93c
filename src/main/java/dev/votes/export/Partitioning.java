package dev.votes.export;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * How {@code votes export} lays out the votes: one hive partition per year ({@code Year=2020/}), or per year and week
 * ({@code Year=2020/WeekNumber=7/}). Each names the statement that stages the rows in the order they are written and
 * the one that writes them.
 */
public enum Partitioning {

    YEAR("year", "create_export_votes_by_year", "copy_export_votes_by_year"),
    YEAR_WEEK("year,week", "create_export_votes_by_year_week", "copy_export_votes_by_year_week");

    /** The default of {@code --partition-by}: a year of votes per directory keeps files few and large. */
    public static final String DEFAULT = "year";

    private final String option;
    private final String stageStatement;
    private final String copyStatement;

    Partitioning(String option, String stageStatement, String copyStatement) {
        this.option = option;
        this.stageStatement = stageStatement;
        this.copyStatement = copyStatement;
    }

    /** The partitioning a {@code --partition-by} value names; anything else is an IllegalArgumentException. */
    public static Partitioning of(String value) {
        for (Partitioning partitioning : values()) {
            if (partitioning.option.equals(value)) {
                return partitioning;
            }
        }
        throw new IllegalArgumentException("'" + value + "' (give " + Arrays.stream(values())
                .map(Partitioning::option).collect(Collectors.joining(" or ")) + ")");
    }

    /** The value of {@code --partition-by} that names it, as recorded in the export's marker and summary. */
    public String option() {
        return option;
    }

    String stageStatement() {
        return stageStatement;
    }

    String copyStatement() {
        return copyStatement;
    }
}
