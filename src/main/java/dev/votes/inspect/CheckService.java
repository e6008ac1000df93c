package dev.votes.inspect;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import dev.votes.common.ErrorHandler;
import dev.votes.common.ExitCodes;
import dev.votes.common.PlausibleDates;
import dev.votes.common.Table;
import dev.votes.common.VotesException;
import dev.votes.warehouse.Sql;
import dev.votes.warehouse.StorageVersion;
import dev.votes.warehouse.Warehouse;
import dev.votes.warehouse.WarehouseFile;

/**
 * Data-quality checks of a warehouse, each graded PASS, WARN or FAIL. Each check is one or two named SQL statements;
 * Java only grades their answers and words the detail. The warehouse is opened read-only, so checking never changes it.
 * A check whose table is missing is reported as not checked (WARN; the tables check already FAILs), and a check whose
 * statement fails (say, a column was dropped) FAILs with the database's message, without stopping the other checks.
 */
@Singleton
public class CheckService {

    /** How many reasons the rejects check names. */
    private static final int TOP_REASONS = 3;

    private final Warehouse warehouse;

    @Inject
    public CheckService(Warehouse warehouse) {
        this.warehouse = warehouse;
    }

    /** One check's work: its graded result, or an SQL failure. */
    @FunctionalInterface
    private interface Check {
        CheckResult run() throws SQLException;
    }

    /** Runs every check, in order, and returns their results; plausible dates start at the default earliest date. */
    public CheckReport check(WarehouseFile database) {
        return check(database, PlausibleDates.earliestFromEnvironment());
    }

    /**
     * Runs every check, in order, and returns their results. A vote dated before {@code earliest} or after now fails
     * date-range: the same bounds ingest rejects by ({@link PlausibleDates}).
     */
    public CheckReport check(WarehouseFile database, LocalDate earliest) {
        try (Connection connection = warehouse.openReadOnly(database)) {
            Set<String> present = Schema.relations(connection);
            List<CheckResult> results = new ArrayList<>();
            results.add(tables(present));
            results.add(run("unique-ids", present, () -> uniqueIds(connection), Schema.VOTES));
            results.add(run("required-values", present, () -> requiredValues(connection), Schema.VOTES));
            results.add(run("date-range", present, () -> dateRange(connection, earliest), Schema.VOTES));
            results.add(run("ledger-arithmetic", present, () -> ledgerArithmetic(connection), Schema.INGESTION_RUNS));
            results.add(run("ledger-vs-votes", present, () -> ledgerAgainstVotes(connection),
                    Schema.VOTES, Schema.INGESTION_RUNS));
            results.add(run("outlier-view", present, () -> outlierView(connection, present), Schema.VOTES));
            results.add(run("rejects", present, () -> rejects(connection), Schema.REJECTED_VOTES, Schema.INGESTION_RUNS));
            results.add(run("unfinished-runs", present, () -> unfinishedRuns(connection), Schema.INGESTION_RUNS));
            StorageVersion.Found storage = warehouse.storageVersion(connection);
            results.add(storageVersion(storage));
            return new CheckReport(results, storage);
        } catch (SQLException e) {
            throw new VotesException(ExitCodes.FAILURE, "check failed: " + ErrorHandler.firstLine(e.getMessage()), e);
        }
    }

    private static CheckResult run(String name, Set<String> present, Check check, String... tables) {
        for (String table : tables) {
            if (!present.contains(table)) {
                return CheckResult.warn(name, "not checked: blog_analysis." + table + " is missing");
            }
        }
        try {
            return check.run();
        } catch (SQLException e) {
            return CheckResult.fail(name, "could not run: " + ErrorHandler.firstLine(e.getMessage()));
        }
    }

    /** The tables every ingest creates must exist (FAIL); the view is checked by the outlier-view check. */
    private static CheckResult tables(Set<String> present) {
        List<String> missing = Schema.TABLES.stream().filter(table -> !present.contains(table))
                .map(table -> "blog_analysis." + table).toList();
        if (!missing.isEmpty()) {
            return CheckResult.fail("tables", "missing " + String.join(", ", missing) + " (run 'votes ingest FILE')");
        }
        return CheckResult.pass("tables", "votes, rejected_votes and ingestion_runs exist");
    }

    /** No Id occurs twice (FAIL, naming the smallest repeated Id). */
    private static CheckResult uniqueIds(Connection connection) throws SQLException {
        List<Object> row = firstRow(Sql.queryTable(connection, "check_vote_ids_unique"));
        long repeated = number(row.get(0));
        if (repeated > 0) {
            return CheckResult.fail("unique-ids", plural(repeated, "Id") + (repeated == 1 ? " occurs" : " occur")
                    + " more than once (" + plural(number(row.get(1)), "extra row") + "), first Id " + row.get(2));
        }
        return CheckResult.pass("unique-ids", "every Id occurs once");
    }

    /** Id, PostId, VoteTypeId, CreationDate and IngestionRunId are never NULL (FAIL, with the count per column). */
    private static CheckResult requiredValues(Connection connection) throws SQLException {
        Table table = Sql.queryTable(connection, "check_votes_required_values");
        List<Object> row = firstRow(table);
        List<String> nulls = new ArrayList<>();
        for (int i = 0; i < row.size(); i++) {
            long count = number(row.get(i));
            if (count > 0) {
                nulls.add(table.columns().get(i) + " is NULL in " + plural(count, "row"));
            }
        }
        if (!nulls.isEmpty()) {
            return CheckResult.fail("required-values", String.join(", ", nulls));
        }
        return CheckResult.pass("required-values", String.join(", ", table.columns()) + " are never NULL");
    }

    /** No vote is dated after now or before the earliest plausible date (FAIL, with counts and the first Id of each). */
    private static CheckResult dateRange(Connection connection, LocalDate earliest) throws SQLException {
        List<Object> row = firstRow(Sql.queryTable(connection, "check_vote_dates", earliest.toString()));
        long future = number(row.get(0));
        long tooEarly = number(row.get(2));
        List<String> problems = new ArrayList<>();
        if (future > 0) {
            problems.add(plural(future, "vote") + " dated in the future (first Id " + row.get(1) + ")");
        }
        if (tooEarly > 0) {
            problems.add(plural(tooEarly, "vote") + " dated before " + earliest + " (first Id " + row.get(3) + ")");
        }
        if (!problems.isEmpty()) {
            return CheckResult.fail("date-range", String.join(", ", problems));
        }
        return CheckResult.pass("date-range", row.get(4) == null ? "no votes"
                : "all votes between " + row.get(4) + " and " + row.get(5) + " UTC, within " + earliest + " .. now");
    }

    /** Every successful run's counts reconcile: read = inserted + duplicates + rejected (FAIL, naming the run). */
    private static CheckResult ledgerArithmetic(Connection connection) throws SQLException {
        Table offenders = Sql.queryTable(connection, "check_ledger_arithmetic");
        if (!offenders.rows().isEmpty()) {
            return CheckResult.fail("ledger-arithmetic", firstOffender(offenders));
        }
        return CheckResult.pass("ledger-arithmetic",
                "every successful run has rows_read = rows_inserted + duplicates_skipped + rows_rejected");
    }

    /**
     * The votes table holds exactly what the ledger says the successful runs inserted: in total, and per run by the
     * lineage column (FAIL, naming the first run that disagrees).
     */
    private static CheckResult ledgerAgainstVotes(Connection connection) throws SQLException {
        long[] totals = Sql.queryLongs(connection, "check_ledger_totals");
        Table offenders = Sql.queryTable(connection, "check_ledger_against_votes");
        if (totals[0] != totals[1] || !offenders.rows().isEmpty()) {
            String total = totals[0] == totals[1] ? "" : "the successful runs inserted " + totals[0]
                    + " rows by the ledger, the votes table has " + totals[1] + (offenders.rows().isEmpty() ? "" : "; ");
            return CheckResult.fail("ledger-vs-votes", total + (offenders.rows().isEmpty() ? "" : firstOffender(offenders)));
        }
        return CheckResult.pass("ledger-vs-votes", "the votes table's " + plural(totals[1], "row")
                + " are exactly what the successful runs inserted, run by run");
    }

    /** The view exists (WARN) and equals an independent recomputation (FAIL, naming the first differing week). */
    private static CheckResult outlierView(Connection connection, Set<String> present) throws SQLException {
        if (!present.contains(Schema.OUTLIER_WEEKS)) {
            return CheckResult.warn("outlier-view", "blog_analysis.outlier_weeks is missing (run 'votes outliers')");
        }
        Table differences = Sql.queryTable(connection, "check_outlier_weeks_view");
        if (!differences.rows().isEmpty()) {
            List<Object> first = differences.rows().getFirst();
            return CheckResult.fail("outlier-view", "the view differs from a recomputation in "
                    + plural(differences.rows().size(), "row") + ": first, " + first.get(0) + " week " + first.get(1)
                    + " with " + plural(number(first.get(2)), "vote") + " " + first.get(3)
                    + " (run 'votes outliers' to recreate it)");
        }
        return CheckResult.pass("outlier-view", "the view (" + plural(Sql.queryLong(connection, "count_outlier_weeks"),
                "week") + ") equals a recomputation");
    }

    /**
     * Every quarantined line belongs to a committed run of the ledger and the runs' rows_rejected match (FAIL); any
     * quarantined lines at all are worth a look (WARN, with the most frequent reasons).
     */
    private static CheckResult rejects(Connection connection) throws SQLException {
        Table offenders = Sql.queryTable(connection, "check_quarantine_against_ledger");
        if (!offenders.rows().isEmpty()) {
            return CheckResult.fail("rejects", firstOffender(offenders));
        }
        long lines = Sql.queryLong(connection, "count_rejected_votes", (Object) null);
        if (lines == 0) {
            return CheckResult.pass("rejects", "no quarantined lines");
        }
        List<String> reasons = new ArrayList<>();
        for (List<Object> row : Sql.queryTable(connection, "select_top_reject_reasons", TOP_REASONS).rows()) {
            reasons.add(row.get(0) + " (" + row.get(1) + ")");
        }
        return CheckResult.warn("rejects", plural(lines, "quarantined line") + ", top reasons: "
                + String.join(", ", reasons) + " (see 'votes rejects')");
    }

    /** Runs left running, failed or interrupted are worth a look (WARN, naming them); their data was not committed. */
    private static CheckResult unfinishedRuns(Connection connection) throws SQLException {
        Table runs = Sql.queryTable(connection, "select_unfinished_runs");
        if (runs.rows().isEmpty()) {
            return CheckResult.pass("unfinished-runs", "every run succeeded");
        }
        List<String> named = new ArrayList<>();
        for (List<Object> row : runs.rows()) {
            named.add(row.get(0) + " " + row.get(1));
        }
        return CheckResult.warn("unfinished-runs", plural(runs.rows().size(), "run") + " did not succeed, none of "
                + "their rows were committed: " + String.join(", ", named) + " (see 'votes runs')");
    }

    /**
     * The file's storage version as DuckDB reports it, with the oldest DuckDB release that opens it (PASS); WARN when
     * no DuckDB 1.x release opens it (the clients most consumers have), or DuckDB reports no version.
     */
    private static CheckResult storageVersion(StorageVersion.Found storage) {
        if (storage.version() == null) {
            return CheckResult.warn("storage-version", storage.describe());
        }
        if (!storage.opensWithDuckDb1()) {
            return CheckResult.warn("storage-version", storage.describe() + "; DuckDB 1.x clients cannot open it "
                    + "(convert it with 'votes convert-storage')");
        }
        return CheckResult.pass("storage-version", storage.describe());
    }

    /** "run 3: what is wrong (and 2 more runs)" from a table of (run_id, problem), first run first. */
    private static String firstOffender(Table offenders) {
        List<Object> first = offenders.rows().getFirst();
        int more = offenders.rows().size() - 1;
        return "run " + first.get(0) + ": " + first.get(1)
                + (more == 0 ? "" : " (and " + plural(more, "more run") + ")");
    }

    private static List<Object> firstRow(Table table) {
        return table.rows().getFirst();
    }

    private static long number(Object value) {
        return value == null ? 0 : ((Number) value).longValue();
    }

    private static String plural(long count, String noun) {
        return count + " " + noun + (count == 1 ? "" : "s");
    }
}
