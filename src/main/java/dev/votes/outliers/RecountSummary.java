package dev.votes.outliers;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import dev.votes.common.Table;
import dev.votes.warehouse.WeeklyCounts;

/**
 * What {@code votes recount} found and did: the weeks where {@code blog_analysis.weekly_vote_counts} differed from a
 * recount of the votes (now replaced by it), and the table's weeks and votes afterwards.
 *
 * @param changes the weeks that differed, earliest first; empty when the table was exact (then nothing was written)
 */
public record RecountSummary(List<WeeklyCounts.Change> changes, long weeks, long votes, double seconds) {

    /** How many of the weeks are new, gone, or have another count. */
    public long added() {
        return changes.stream().filter(WeeklyCounts.Change::added).count();
    }

    public long removed() {
        return changes.stream().filter(WeeklyCounts.Change::removed).count();
    }

    public long changed() {
        return changes.size() - added() - removed();
    }

    /** The one summary line on stderr. */
    public String line() {
        String now = plural(weeks, "week") + ", " + plural(votes, "vote");
        String took = String.format(Locale.ROOT, " (%.2f s)", seconds);
        if (changes.isEmpty()) {
            return "recount: blog_analysis.weekly_vote_counts equals a recount of the votes (" + now + "): nothing "
                    + "changed" + took;
        }
        return "recount: rebuilt blog_analysis.weekly_vote_counts from the votes: " + plural(changed(), "week")
                + " changed, " + added() + " added, " + removed() + " removed; now " + now + took;
    }

    private static String plural(long count, String noun) {
        return count + " " + noun + (count == 1 ? "" : "s");
    }

    /** A changed week as a line: {@code 2022 week 3: 5 -> 4 votes}, {@code ... added, 2 votes}, {@code ... removed}. */
    public static String describe(WeeklyCounts.Change change) {
        String week = change.year() + " week " + change.weekNumber() + ": ";
        if (change.added()) {
            return week + "added, " + plural(change.recounted(), "vote");
        }
        if (change.removed()) {
            return week + "removed (the table had " + plural(change.voteCount(), "vote")
                    + ", the votes table has none)";
        }
        return week + change.voteCount() + " -> " + change.recounted() + " votes";
    }

    /**
     * The changed weeks as a table: {@code Year, WeekNumber, VoteCount} (the table's, before), {@code recounted} and
     * {@code change} ({@code added}, {@code removed} or {@code changed}).
     */
    public Table table() {
        List<List<Object>> rows = new ArrayList<>(changes.size());
        for (WeeklyCounts.Change change : changes) {
            String kind = change.added() ? "added" : change.removed() ? "removed" : "changed";
            rows.add(Arrays.asList(change.year(), change.weekNumber(), change.voteCount(), change.recounted(), kind));
        }
        return new Table(List.of("Year", "WeekNumber", "VoteCount", "recounted", "change"), rows);
    }
}
