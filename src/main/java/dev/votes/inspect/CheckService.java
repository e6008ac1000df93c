package dev.votes.inspect;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import dev.votes.common.PlausibleDates;
import dev.votes.common.Text;
import dev.votes.failure.NothingCommitted;
import dev.votes.warehouse.Quarantine;
import dev.votes.warehouse.RunLedger;
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
            Checks checks = new Checks(connection);
            List<CheckResult> results = new ArrayList<>();
            results.add(tables(present));
            results.add(run("unique-ids", present, () -> uniqueIds(checks), Schema.VOTES));
            results.add(run("required-values", present, () -> requiredValues(checks), Schema.VOTES));
            results.add(run("date-range", present, () -> dateRange(checks, earliest), Schema.VOTES));
            results.add(run("ledger-arithmetic", present, () -> ledgerArithmetic(checks), Schema.INGESTION_RUNS));
            results.add(run("ledger-vs-votes", present, () -> ledgerAgainstVotes(checks),
                    Schema.VOTES, Schema.INGESTION_RUNS));
            CheckResult weeklyCounts = run("weekly-counts", present, () -> weeklyCounts(checks, present), Schema.VOTES);
            results.add(weeklyCounts);
            boolean countsDiffer = weeklyCounts.status() != Grade.PASS;
            results.add(run("outlier-view", present, () -> outlierView(checks, present, countsDiffer), Schema.VOTES));
            results.add(run("rejects", present, () -> rejects(checks, new Quarantine(connection)),
                    Schema.REJECTED_VOTES, Schema.INGESTION_RUNS));
            results.add(run("unfinished-runs", present, () -> unfinishedRuns(new RunLedger(connection)),
                    Schema.INGESTION_RUNS));
            StorageVersion.Found storage = warehouse.storageVersion(connection);
            results.add(storageVersion(storage));
            return new CheckReport(results, storage);
        } catch (SQLException e) {
            throw new NothingCommitted("check failed: " + Text.firstLine(e.getMessage()), e);
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
            return CheckResult.fail(name, "could not run: " + Text.firstLine(e.getMessage()));
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
    private static CheckResult uniqueIds(Checks checks) throws SQLException {
        Checks.IdRepeats repeats = checks.voteIdsUnique();
        long repeated = repeats.repeatedIds();
        if (repeated > 0) {
            return CheckResult.fail("unique-ids", plural(repeated, "Id") + (repeated == 1 ? " occurs" : " occur")
                    + " more than once (" + plural(repeats.extraRows(), "extra row") + "), first Id "
                    + repeats.firstId());
        }
        return CheckResult.pass("unique-ids", "every Id occurs once");
    }

    /** Id, PostId, VoteTypeId, CreationDate and IngestionRunId are never NULL (FAIL, with the count per column). */
    private static CheckResult requiredValues(Checks checks) throws SQLException {
        Map<String, Long> counts = checks.votesRequiredValues().byColumn();
        List<String> nulls = new ArrayList<>();
        counts.forEach((column, count) -> {
            if (count > 0) {
                nulls.add(column + " is NULL in " + plural(count, "row"));
            }
        });
        if (!nulls.isEmpty()) {
            return CheckResult.fail("required-values", String.join(", ", nulls));
        }
        return CheckResult.pass("required-values", String.join(", ", counts.keySet()) + " are never NULL");
    }

    /** No vote is dated after now or before the earliest plausible date (FAIL, with counts and the first Id of each). */
    private static CheckResult dateRange(Checks checks, LocalDate earliest) throws SQLException {
        Checks.VoteDates dates = checks.voteDates(earliest);
        List<String> problems = new ArrayList<>();
        if (dates.future() > 0) {
            problems.add(plural(dates.future(), "vote") + " dated in the future (first Id " + dates.firstFutureId()
                    + ")");
        }
        if (dates.tooEarly() > 0) {
            problems.add(plural(dates.tooEarly(), "vote") + " dated before " + earliest + " (first Id "
                    + dates.firstTooEarlyId() + ")");
        }
        if (!problems.isEmpty()) {
            return CheckResult.fail("date-range", String.join(", ", problems));
        }
        return CheckResult.pass("date-range", dates.earliest() == null ? "no votes"
                : "all votes between " + dates.earliest() + " and " + dates.latest() + " UTC, within " + earliest
                + " .. now");
    }

    /** Every successful run's counts reconcile: read = inserted + duplicates + rejected (FAIL, naming the run). */
    private static CheckResult ledgerArithmetic(Checks checks) throws SQLException {
        List<Checks.Offender> offenders = checks.ledgerArithmetic();
        if (!offenders.isEmpty()) {
            return CheckResult.fail("ledger-arithmetic", firstOffender(offenders));
        }
        return CheckResult.pass("ledger-arithmetic",
                "every successful run has rows_read = rows_inserted + duplicates_skipped + rows_rejected");
    }

    /**
     * The votes table holds exactly what the ledger says the successful runs inserted: in total, and per run by the
     * lineage column (FAIL, naming the first run that disagrees).
     */
    private static CheckResult ledgerAgainstVotes(Checks checks) throws SQLException {
        Checks.LedgerTotals totals = checks.ledgerTotals();
        List<Checks.Offender> offenders = checks.ledgerAgainstVotes();
        boolean totalsAgree = totals.ledgerRows() == totals.votesRows();
        if (!totalsAgree || !offenders.isEmpty()) {
            String total = totalsAgree ? "" : "the successful runs inserted " + totals.ledgerRows() + " rows by the "
                    + "ledger, the votes table has " + totals.votesRows() + (offenders.isEmpty() ? "" : "; ");
            return CheckResult.fail("ledger-vs-votes", total + (offenders.isEmpty() ? "" : firstOffender(offenders)));
        }
        return CheckResult.pass("ledger-vs-votes", "the votes table's " + plural(totals.votesRows(), "row")
                + " are exactly what the successful runs inserted, run by run");
    }

    /**
     * The weekly counts table the view reads exists (WARN: a warehouse made before it, not yet opened for writing) and
     * equals a count of the votes by week (FAIL, naming the first differing week and saying to run 'votes recount').
     */
    private static CheckResult weeklyCounts(Checks checks, Set<String> present) throws SQLException {
        if (!present.contains(Schema.WEEKLY_VOTE_COUNTS)) {
            return CheckResult.warn("weekly-counts", "blog_analysis.weekly_vote_counts is missing (the warehouse was "
                    + "made by an older votes; run 'votes recount' to add it)");
        }
        List<Checks.WeekDifference> differences = checks.weeklyVoteCounts();
        if (!differences.isEmpty()) {
            Checks.WeekDifference first = differences.getFirst();
            String week = first.year() + " week " + first.weekNumber();
            String how = first.voteCount() == null
                    ? week + ", with " + plural(first.recounted(), "vote") + ", is missing from the table"
                    : first.recounted() == null
                    ? week + " is in the table with " + plural(first.voteCount(), "vote") + " but has no votes"
                    : week + " has " + plural(first.voteCount(), "vote") + " in the table, " + first.recounted()
                    + " in the votes";
            return CheckResult.fail("weekly-counts", "the weekly counts differ from a count of the votes in "
                    + plural(differences.size(), "week") + ": first, " + how + " (run 'votes recount' to rebuild "
                    + "them from the votes)");
        }
        Checks.WeekTotals totals = checks.countWeeklyVoteCounts();
        return CheckResult.pass("weekly-counts", "the weekly counts (" + plural(totals.weeks(), "week") + ", "
                + plural(totals.votes(), "vote") + ") equal a count of the votes");
    }

    /**
     * The view exists (WARN) and equals an independent recomputation (FAIL, naming the first differing week; when the
     * weekly counts it reads are wrong or missing, the advice is 'votes recount').
     */
    private static CheckResult outlierView(Checks checks, Set<String> present, boolean countsDiffer)
            throws SQLException {
        if (!present.contains(Schema.OUTLIER_WEEKS)) {
            return CheckResult.warn("outlier-view", "blog_analysis.outlier_weeks is missing (run 'votes outliers')");
        }
        List<Checks.ViewDifference> differences = checks.outlierWeeksView();
        if (!differences.isEmpty()) {
            Checks.ViewDifference first = differences.getFirst();
            return CheckResult.fail("outlier-view", "the view differs from a recomputation in "
                    + plural(differences.size(), "row") + ": first, " + first.year() + " week " + first.weekNumber()
                    + " with " + plural(first.voteCount(), "vote") + " " + first.difference()
                    + (countsDiffer ? " (the weekly counts it reads are not exact: run 'votes recount')"
                    : " (run 'votes outliers' to recreate it)"));
        }
        return CheckResult.pass("outlier-view", "the view (" + plural(checks.countOutlierWeeks(), "week")
                + ") equals a recomputation");
    }

    /**
     * Every quarantined line belongs to a committed run of the ledger and the runs' rows_rejected match (FAIL); any
     * quarantined lines at all are worth a look (WARN, with the most frequent reasons).
     */
    private static CheckResult rejects(Checks checks, Quarantine quarantine) throws SQLException {
        List<Checks.Offender> offenders = checks.quarantineAgainstLedger();
        if (!offenders.isEmpty()) {
            return CheckResult.fail("rejects", firstOffender(offenders));
        }
        long lines = quarantine.countLines(null);
        if (lines == 0) {
            return CheckResult.pass("rejects", "no quarantined lines");
        }
        List<String> reasons = new ArrayList<>();
        for (Quarantine.TopReason reason : quarantine.topReasons(TOP_REASONS)) {
            reasons.add(reason.reason() + " (" + reason.lines() + ")");
        }
        return CheckResult.warn("rejects", plural(lines, "quarantined line") + ", top reasons: "
                + String.join(", ", reasons) + " (see 'votes rejects')");
    }

    /** Runs left running, failed or interrupted are worth a look (WARN, naming them); their data was not committed. */
    private static CheckResult unfinishedRuns(RunLedger ledger) throws SQLException {
        List<RunLedger.UnfinishedRun> runs = ledger.listUnfinishedRuns();
        if (runs.isEmpty()) {
            return CheckResult.pass("unfinished-runs", "every run succeeded");
        }
        List<String> named = new ArrayList<>();
        for (RunLedger.UnfinishedRun run : runs) {
            named.add(run.runId() + " " + run.status());
        }
        return CheckResult.warn("unfinished-runs", plural(runs.size(), "run") + " did not succeed, none of "
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
    private static String firstOffender(List<Checks.Offender> offenders) {
        Checks.Offender first = offenders.getFirst();
        int more = offenders.size() - 1;
        return "run " + first.runId() + ": " + first.problem()
                + (more == 0 ? "" : " (and " + plural(more, "more run") + ")");
    }

    private static String plural(long count, String noun) {
        return count + " " + noun + (count == 1 ? "" : "s");
    }
}
