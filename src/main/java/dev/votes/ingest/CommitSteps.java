package dev.votes.ingest;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code --commit-every FILES}: how many files to read one step commits. {@code all} (null here), the default, is one
 * transaction for the whole run; a number N splits the files to read, in their order, into steps of N files, each
 * staged, loaded and committed as a run of its own.
 */
public final class CommitSteps {

    /** The value that means one transaction for the whole run. */
    public static final String ALL = "all";

    private CommitSteps() {
    }

    /**
     * The files per step, or null for {@code all}; throws {@link IllegalArgumentException} saying what to give for
     * anything but {@code all} or a whole number of files from 1.
     */
    public static Integer parse(String value) {
        String text = value.strip();
        if (text.equalsIgnoreCase(ALL)) {
            return null;
        }
        try {
            int files = Integer.parseInt(text);
            if (files >= 1) {
                return files;
            }
        } catch (NumberFormatException e) {
            // said below
        }
        throw new IllegalArgumentException("'" + value + "' (give a number of files >= 1, or " + ALL
                + " for one transaction)");
    }

    /** The files to read in steps of {@code filesPerStep}, in their order; one step for null (all). */
    static <T> List<List<T>> split(List<T> files, Integer filesPerStep) {
        if (filesPerStep == null || files.size() <= filesPerStep) {
            return List.of(files);
        }
        List<List<T>> steps = new ArrayList<>();
        for (int from = 0; from < files.size(); from += filesPerStep) {
            steps.add(List.copyOf(files.subList(from, Math.min(files.size(), from + filesPerStep))));
        }
        return steps;
    }
}
