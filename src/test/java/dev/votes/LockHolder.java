package dev.votes;

import java.sql.Connection;
import java.sql.DriverManager;

/** Another process that holds a warehouse's write lock until its stdin closes (for the 409 test of serve). */
public final class LockHolder {

    private LockHolder() {
    }

    public static void main(String[] args) throws Exception {
        Class.forName("org.duckdb.DuckDBDriver");
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:" + args[0])) {
            connection.createStatement().execute("CREATE SCHEMA IF NOT EXISTS blog_analysis");
            System.out.println("locked");
            System.out.flush();
            while (System.in.read() >= 0) {
                // hold the lock
            }
        }
    }
}
