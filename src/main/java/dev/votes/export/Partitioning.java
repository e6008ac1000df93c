package dev.votes.export;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * How {@code votes export} lays out the votes: one hive partition per year ({@code Year=2020/}), or per year and week
 * ({@code Year=2020/WeekNumber=7/}). {@link ExportCopies} has the statements of each.
 */
public enum Partitioning {

    YEAR("year"),
    YEAR_WEEK("year,week");

    /** The default of {@code --partition-by}: a year of votes per directory keeps files few and large. */
    public static final String DEFAULT = "year";

    private final String option;

    Partitioning(String option) {
        this.option = option;
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
}
