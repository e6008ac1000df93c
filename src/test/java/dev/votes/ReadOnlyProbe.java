package dev.votes;

import java.nio.file.Path;

/** A separate process's view of a warehouse: opens it read-only and prints the number of votes. */
public final class ReadOnlyProbe {

    private ReadOnlyProbe() {
    }

    public static void main(String[] args) throws Exception {
        System.out.println(Warehouses.count(Path.of(args[0]), "SELECT count(*) FROM blog_analysis.votes"));
    }
}
