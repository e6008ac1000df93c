package dev.votes.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;

import jakarta.inject.Inject;

import dev.votes.cli.exit.ExitCodes;
import dev.votes.cli.options.DatabaseOptions;
import dev.votes.cli.options.DiagnosticOptions;
import dev.votes.cli.options.EngineOptions;
import dev.votes.cli.options.OutputOptions;
import dev.votes.common.OutputFormat;
import dev.votes.common.TableWriter;
import dev.votes.outliers.RecountService;
import dev.votes.outliers.RecountSummary;
import dev.votes.warehouse.WeeklyCounts;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code votes recount}: the weekly counts behind outlier_weeks rebuilt from the votes, reporting what changed. */
@Command(name = "recount", mixinStandardHelpOptions = true, exitCodeOnInvalidInput = ExitCodes.USAGE,
        header = "Recount the weekly vote counts behind outlier_weeks.",
        description = {"Rebuild blog_analysis.weekly_vote_counts, the weekly counts the view "
                + "blog_analysis.outlier_weeks reads, from blog_analysis.votes. Every ingest run keeps the counts "
                + "exact inside its own transaction; recount is for a warehouse whose votes were changed by other "
                + "means (your own DuckDB session), which 'votes check' reports as a failing weekly-counts check.",
                "One transaction: the weeks whose count differs from a recount are found and, if there are any, the "
                        + "table is replaced by the recount; otherwise nothing is written. Prints one summary line "
                        + "on stderr and the changed weeks (added, removed, changed; the first "
                        + RecountCommand.WEEKS_SHOWN + "), and exits 0; with --format, every changed week on stdout "
                        + "(Year, WeekNumber, VoteCount before, recounted, change)."})
public class RecountCommand implements Callable<Integer> {

    /** How many changed weeks the stderr report names; --format lists them all on stdout. */
    static final int WEEKS_SHOWN = 20;

    @Spec
    CommandSpec spec;

    @Mixin
    DatabaseOptions database;

    @Mixin
    EngineOptions engine;

    @Mixin
    OutputOptions output;

    @Mixin
    DiagnosticOptions diagnostics;

    private final RecountService recountService;

    @Inject
    public RecountCommand(RecountService recountService) {
        this.recountService = recountService;
    }

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        RecountSummary summary = recountService.recount(database.warehouse().with(engine.settings()),
                diagnostics.progress(err));
        err.println(summary.line());
        List<WeeklyCounts.Change> changes = summary.changes();
        for (WeeklyCounts.Change change : changes.subList(0, Math.min(WEEKS_SHOWN, changes.size()))) {
            err.println("  " + RecountSummary.describe(change));
        }
        if (changes.size() > WEEKS_SHOWN) {
            err.println("  ... and " + (changes.size() - WEEKS_SHOWN) + " more weeks");
        }
        err.flush();
        if (output.given()) {
            TableWriter.write(summary.table(), output.formatOr(OutputFormat.table), spec.commandLine().getOut());
        }
        return ExitCodes.OK;
    }
}
